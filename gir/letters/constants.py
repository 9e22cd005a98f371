from django.db import models
from django.utils.translation import gettext_lazy as _


class CopyDestination(models.TextChoices):
    """Where the copies of a letter go (001 §8.1: "de brief wordt in 5-voud opgemaakt")."""

    PERSON_AT_MEETING = "person_at_meeting", _("Aan de persoon overhandigd bij het ordegesprek")
    PERSON_BY_POST = "person_by_post", _("Per post aan de persoon")
    PERSON_BY_REGISTERED_POST = "person_registered", _("Aangetekend per post aan de persoon")
    FILE = "file", _("In het dossier van de klant")
    POLICE = "police", _("Naar de politie (na aangifte)")
    REGISTER = "register", _("In het register bij de coördinator")


# After a no-show at the conduct meeting the letter goes by ordinary and registered post.
NO_SHOW_DESTINATIONS = (CopyDestination.PERSON_BY_POST, CopyDestination.PERSON_BY_REGISTERED_POST)


# The letter before the decision (issue 19 item 6): the intended measure, the facts and
# the term for a written answer. The only letter a proposed measure gets.
INTENT_TEMPLATE_CODE = "voornemen-maatregel"
