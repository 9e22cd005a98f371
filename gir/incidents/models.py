from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.accounts.models import Location, OrganisationUnit
from gir.core.fields import ClockDateTimeField
from gir.core.models import ChoiceLabelsMixin, TimestampedModel

from .constants import (
    AggressionType,
    BehaviourKind,
    DigitalChannel,
    DigitalClassification,
    EscalationLevel,
    IncidentStatus,
    Injury,
    PerpetratorKnown,
    ReporterRole,
    Setting,
    VictimKind,
)


class Incident(TimestampedModel):
    """A report (melding) of aggression or violence, and the case it starts.

    Everything but the reporter may be blank while the report is a draft; the
    required core is enforced when it is submitted (DESIGN §2.1).
    """

    status = models.CharField(
        _("status"), max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.DRAFT
    )
    # Optimistic lock: every update bumps it, and an update from a stale form is refused.
    version = models.PositiveIntegerField(default=1)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("melder"),
        on_delete=models.PROTECT,
        related_name="reported_incidents",
    )
    reporter_role = models.CharField(
        _("rol van de melder"),
        max_length=20,
        choices=ReporterRole.choices,
        default=ReporterRole.VICTIM,
    )
    team = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    # Incidents against political office holders take the mayor's restricted track (001 §6.4).
    is_restricted = models.BooleanField(_("afgeschermd"), default=False)
    submitted_at = models.DateTimeField(_("gemeld op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    # One person handles the incident: the team manager by default, reassignable (DESIGN §2.2).
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_incidents",
    )

    # Wanneer
    occurred_at = models.DateTimeField(_("wanneer"), null=True, blank=True)
    # Waar
    setting = models.CharField(_("situatie"), max_length=30, choices=Setting.choices, blank=True)
    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), null=True, blank=True, on_delete=models.PROTECT
    )
    address_outside = models.CharField(_("adres of plek buiten kantoor"), max_length=300, blank=True)
    # Wat en op welke wijze
    description = models.TextField(_("wat gebeurde er"), blank=True)
    escalation_level = models.CharField(
        _("ernst (A–E)"), max_length=1, choices=EscalationLevel.choices, blank=True
    )
    aggression_type = models.CharField(
        _("soort agressie"), max_length=20, choices=AggressionType.choices, blank=True
    )
    # Waarmee
    weapon_or_object = models.CharField(_("waarmee (wapen of voorwerp)"), max_length=300, blank=True)
    # Waarom
    cause = models.TextField(_("waarom (aanleiding)"), blank=True)

    # Digital aggression (001 §4)
    digital_channel = models.CharField(_("kanaal"), max_length=20, choices=DigitalChannel.choices, blank=True)
    digital_link_or_message = models.TextField(_("link of bericht"), blank=True)
    digital_classification = models.CharField(
        _("classificatie"), max_length=1, choices=DigitalClassification.choices, blank=True
    )
    digital_evidence_secured = models.BooleanField(_("bewijs veiliggesteld"), default=False)

    # Wie: the perpetrator as described by the reporter (the register comes later).
    perpetrator_known = models.CharField(
        _("veroorzaker"), max_length=10, choices=PerpetratorKnown.choices, blank=True
    )
    perpetrator_name = models.CharField(_("naam veroorzaker"), max_length=200, blank=True)
    perpetrator_description = models.TextField(_("beschrijving veroorzaker"), blank=True)

    # Gevolgen
    injury = models.CharField(_("letsel"), max_length=20, choices=Injury.choices, blank=True)
    medical_visit = models.BooleanField(_("bezoek aan arts of eerste hulp"), default=False)
    material_damage = models.BooleanField(_("materiële schade"), default=False)
    damage_estimate = models.DecimalField(
        _("geschatte schade (euro)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    witnesses = models.TextField(_("getuigen"), blank=True)
    police_called = models.BooleanField(_("politie ter plaatse gebeld"), default=False)

    # Imported from an older registration (issue 7 item 4): when, and the row's own number there.
    # The earliest deadline of an open step, kept by the protocol engine (refresh_next_due):
    # the work list sorts on it through an index instead of grouping all steps.
    next_due_at = models.DateTimeField(_("eerstvolgende termijn"), null=True, blank=True, editable=False)
    imported_at = models.DateTimeField(_("geïmporteerd op"), null=True, blank=True)
    import_reference = models.CharField(_("kenmerk in oude registratie"), max_length=100, blank=True)
    # Its retention period passed: the counted facts stay, the text and names went (ADR 0023).
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidenten")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "occurred_at"], name="incident_status_occurred"),
            models.Index(fields=["team", "status"], name="incident_team_status"),
            models.Index(fields=["reporter", "status"], name="incident_reporter_status"),
            # Mijn meldingen: a reporter's incidents newest first, read off the index (issue 18).
            models.Index(fields=["reporter", "-occurred_at", "-id"], name="incident_reporter_newest"),
            models.Index(fields=["is_restricted", "status"], name="incident_restricted_status"),
            models.Index(fields=["handler", "status"], name="incident_handler_status"),
            # The work list's order: next deadline first, then the newest. PostgreSQL puts
            # NULLs last in an ascending index: the incidents without open steps come last.
            models.Index(fields=["next_due_at", "-occurred_at", "-id"], name="incident_worklist_order"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"M-{self.pk:06d}" if self.pk else "M-nieuw"

    @property
    def is_draft(self) -> bool:
        return self.status == IncidentStatus.DRAFT

    @property
    def is_digital(self) -> bool:
        return bool(self.digital_channel or self.digital_link_or_message or self.digital_classification)


class IncidentBehaviour(ChoiceLabelsMixin, models.Model):
    """One kind of behaviour of an incident; a row each so reports can count them."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="behaviours")
    kind = models.CharField(_("soort gedrag"), max_length=20, choices=BehaviourKind.choices)

    class Meta:
        verbose_name = _("soort gedrag")
        verbose_name_plural = _("soorten gedrag")
        constraints = [
            models.UniqueConstraint(fields=["incident", "kind"], name="incident_behaviour_unique"),
        ]
        indexes = [models.Index(fields=["kind"], name="incident_behaviour_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Victim(models.Model):
    """A person the incident was aimed at: an employee or a political office holder."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="victims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="victimisations",
    )
    name = models.CharField(_("naam"), max_length=200, blank=True)
    kind = models.CharField(
        _("soort"), max_length=20, choices=VictimKind.choices, default=VictimKind.EMPLOYEE
    )

    class Meta:
        verbose_name = _("slachtoffer")
        verbose_name_plural = _("slachtoffers")
        indexes = [models.Index(fields=["user", "incident"], name="victim_user_incident")]

    def __str__(self) -> str:
        return str(self.user) if self.user_id else self.name


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    # The stored name never carries the user's file name; the original is kept in the row.
    return f"evidence/{instance.incident_id}/{instance.sha256}"


class Evidence(models.Model):
    """An evidence file, kept untouched with its SHA-256 (DESIGN §2.1, 001 §6.4 "verwijder niet")."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("bestand"), upload_to=evidence_upload_to, max_length=300)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("soort bestand"), max_length=100)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = ClockDateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class LegalHold(models.Model):
    """The coordinator's legal hold on an incident (issue 19 item 4, ADR 0023): while it
    holds, the retention run leaves the incident, its evidence and police files alone."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="legal_hold")
    reason = models.CharField(_("reden"), max_length=300)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = ClockDateTimeField(_("ingesteld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bewaarplicht")
        verbose_name_plural = _("bewaarplichten")
        ordering = ["-set_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.incident.reference}: {self.reason}"
