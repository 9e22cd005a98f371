"""Upward notifications of perpetrators (docs/architecture.md, ADR 0010), sent inside
the writing transaction and connected in the receiving app's AppConfig.ready()."""

from django.dispatch import Signal

# The person did not come to the conduct meeting of this measure (001 §8.1): what was
# to be handed over there goes by post. Arguments: actor, measure.
conduct_meeting_missed = Signal()

# The register forgot the person after the retention period (ADR 0004): the apps above
# remove what they keep about them in their own words. Arguments: perpetrator.
perpetrator_forgotten = Signal()
