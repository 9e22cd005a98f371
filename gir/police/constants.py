"""The vocabulary of police notifications and reports (DESIGN §2.4; 001 §7.4 stap 4, §8.6, §9)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PoliceReportKind(models.TextChoices):
    # Protocol step outcomes use the same codes (gir.protocol STEP_OUTCOMES).
    AANGIFTE = "aangifte", _("Aangifte")
    MELDING = "melding", _("Melding (geen aangifte)")


class FiledBy(models.TextChoices):
    """001 §9.3: "door de werkgever en/of medewerker"; the ELA lets the employer file for the employee."""

    EMPLOYER = "employer", _("De werkgever namens de medewerker")
    EMPLOYEE = "employee", _("De medewerker zelf")
    BOTH = "both", _("Werkgever en medewerker samen")


class CaseStage(models.TextChoices):
    """The course of the case after an aangifte."""

    FILED = "filed", _("Aangifte opgenomen")
    INVESTIGATED = "investigated", _("In onderzoek bij de politie")
    PROSECUTED = "prosecuted", _("Vervolgd door het OM")
    DISMISSED = "dismissed", _("Geseponeerd (geen vervolging)")
    CONVICTED = "convicted", _("Veroordeeld")
    ACQUITTED = "acquitted", _("Vrijgesproken")


FINAL_CASE_STAGES = frozenset({CaseStage.DISMISSED, CaseStage.CONVICTED, CaseStage.ACQUITTED})

# The copy of the aangifte: a PDF or a photo or scan of the paper copy.
COPY_CONTENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/heic", "image/heif"})
