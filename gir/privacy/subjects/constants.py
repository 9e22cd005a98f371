"""The vocabulary of a data subject's request (AVG art. 12, 15-18, 21)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# AVG art. 12(3): the answer comes "onverwijld en in ieder geval binnen een maand na
# ontvangst van het verzoek".
TERM_MONTHS = 1
# "Afhankelijk van de complexiteit van de verzoeken en van het aantal verzoeken kan die
# termijn indien nodig met nog eens twee maanden worden verlengd", told within the first
# month with the reasons (art. 12(3)).
EXTENSION_MONTHS = 2


class SubjectRight(models.TextChoices):
    """The right the person invokes."""

    ACCESS = "access", _("Inzage (AVG art. 15)")
    RECTIFICATION = "rectification", _("Correctie (AVG art. 16)")
    ERASURE = "erasure", _("Verwijdering (AVG art. 17)")
    RESTRICTION = "restriction", _("Beperking van de verwerking (AVG art. 18)")
    OBJECTION = "objection", _("Bezwaar tegen de verwerking (AVG art. 21)")


class SubjectDecision(models.TextChoices):
    GRANTED = "granted", _("Toegewezen")
    PARTLY = "partly", _("Deels toegewezen")
    REFUSED = "refused", _("Afgewezen")
