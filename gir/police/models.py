"""Police notifications and reports (melding, aangifte) and the labour inspectorate
notification of an incident (DESIGN §2.4; 001 §6.4, §7.4 stap 4, §9)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.core.fields import ClockDateTimeField
from gir.core.models import TimestampedModel
from gir.incidents.models import Incident

from .constants import CaseStage, FiledBy, PoliceReportKind


def copy_upload_to(instance: "PoliceReport", filename: str) -> str:
    # A random name: the stored name never carries the uploaded file's name.
    return f"police/{instance.incident_id}/{uuid.uuid4().hex}"


class PoliceReport(TimestampedModel):
    """One melding or aangifte at the police about an incident."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="police_reports")
    kind = models.CharField(_("soort"), max_length=10, choices=PoliceReportKind.choices)
    filed_by = models.CharField(_("gedaan door"), max_length=10, choices=FiledBy.choices)
    # 001 §7.4 stap 4: the VPT code marks a report about a public task (priority at police and OM).
    vpt_code = models.BooleanField(_("meldcode VPT vermeld"), default=True)
    # 001 §6.4, §9.3: "op domicilie = adres gemeente en niet het privé-adres".
    domicile = models.CharField(_("opgegeven adres (domicilie)"), max_length=300)
    police_unit = models.CharField(_("politie-eenheid of bureau"), max_length=200)
    reported_at = models.DateTimeField(_("datum en tijd van de melding of aangifte"))
    police_reference = models.CharField(_("registratienummer politie"), max_length=100, blank=True)
    # When the protocol expects an aangifte and this is a melding: why (001 §7.4 stap 4).
    no_aangifte_reason = models.TextField(_("reden om geen aangifte te doen"), blank=True)
    notes = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The copy of the aangifte for the coordinator (001 §7.4 stap 4).
    copy = models.FileField(_("kopie van de aangifte"), upload_to=copy_upload_to, blank=True, max_length=200)
    copy_name = models.CharField(_("bestandsnaam"), max_length=255, blank=True)
    copy_content_type = models.CharField(max_length=100, blank=True)
    copy_sha256 = models.CharField(max_length=64, blank=True)
    copy_uploaded_at = models.DateTimeField(_("kopie ontvangen op"), null=True, blank=True)
    copy_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The course of the case; the latest CaseUpdate, kept here for lists.
    stage = models.CharField(_("stand van de zaak"), max_length=20, choices=CaseStage.choices, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("melding of aangifte bij de politie")
        verbose_name_plural = _("meldingen en aangiftes bij de politie")
        ordering = ["reported_at", "pk"]
        indexes = [models.Index(fields=["kind", "reported_at"], name="police_kind_reported")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.police_reference or self.incident.reference}"

    @property
    def is_aangifte(self) -> bool:
        return self.kind == PoliceReportKind.AANGIFTE


class CaseUpdate(models.Model):
    """One step in the course of the case: investigated, prosecuted, dismissed, convicted."""

    report = models.ForeignKey(PoliceReport, on_delete=models.CASCADE, related_name="updates")
    stage = models.CharField(_("stand van de zaak"), max_length=20, choices=CaseStage.choices)
    on = models.DateField(_("datum"))
    outcome = models.TextField(_("uitkomst of toelichting"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = ClockDateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verloop van de zaak")
        verbose_name_plural = _("verloop van de zaak")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on:%d-%m-%Y} {self.get_stage_display()}"


class LabourInspectorateNotice(models.Model):
    """The notification to the labour inspectorate of a serious incident (001 §6.4: within 24 hours)."""

    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="labour_notice")
    notified_at = models.DateTimeField(_("datum en tijd van de melding"))
    reference = models.CharField(_("kenmerk van de Arbeidsinspectie"), max_length=100)
    notes = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = ClockDateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("melding Arbeidsinspectie")
        verbose_name_plural = _("meldingen Arbeidsinspectie")

    def __str__(self) -> str:
        return self.reference
