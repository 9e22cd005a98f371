"""The perpetrator register and the measures towards a perpetrator (DESIGN §2.3)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gir.core.fields import ClockDateTimeField
from gir.core.models import TimestampedModel
from gir.incidents.models import Incident

from .constants import (
    Hearing,
    Mandate,
    MeasureKind,
    MeasureStatus,
    MeetingAttendance,
    ObjectionOutcome,
)


def answer_upload_to(instance: "Measure", filename: str) -> str:
    # A random name: the stored name never carries the uploaded file's name.
    return f"perpetrators/answers/{uuid.uuid4().hex}"


def photo_upload_to(instance: "Perpetrator", filename: str) -> str:
    # A random name: the stored name never carries the uploaded file's name.
    return f"perpetrators/photos/{uuid.uuid4().hex}"


class Perpetrator(TimestampedModel):
    """A person who caused one or more incidents, or an unknown person with a description."""

    is_unknown = models.BooleanField(_("onbekende persoon"), default=False)
    full_name = models.CharField(_("naam"), max_length=200, blank=True)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    aliases = models.TextField(_("andere namen"), blank=True, help_text=_("Eén naam per regel."))
    description = models.TextField(_("beschrijving"), blank=True)
    address = models.TextField(_("adres"), blank=True, help_text=_("Voor brieven per post."))
    online_accounts = models.TextField(
        _("accountnamen online"), blank=True, help_text=_("Eén account per regel, bijvoorbeeld @naam.")
    )
    photo = models.ImageField(_("foto"), upload_to=photo_upload_to, blank=True, max_length=200)
    # Name and aliases, lower-case without accents: what the reception check searches.
    search_text = models.CharField(max_length=1000, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("samengevoegd met"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    # Set when the personal data was removed after its retention period (001 §8; AVG).
    forgotten_at = models.DateTimeField(_("persoonsgegevens verwijderd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    incidents = models.ManyToManyField(
        Incident, through="PerpetratorIncident", related_name="perpetrators", blank=True
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("veroorzaker")
        verbose_name_plural = _("veroorzakers")
        ordering = ["full_name", "pk"]
        indexes = [
            models.Index(fields=["date_of_birth"], name="perpetrator_birth"),
            # The register's default order, of the people not merged into another (issue 18).
            models.Index(
                fields=["full_name", "id"],
                name="perpetrator_register_order",
                condition=Q(merged_into__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        if self.forgotten_at:
            return _("Verwijderde persoon #%(pk)s") % {"pk": self.pk}
        if self.is_unknown or not self.full_name:
            return _("Onbekende persoon #%(pk)s") % {"pk": self.pk}
        return self.full_name

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def account_list(self) -> list[str]:
        return [line.strip() for line in self.online_accounts.splitlines() if line.strip()]


class PerpetratorIncident(models.Model):
    """The link between a person and an incident they caused."""

    perpetrator = models.ForeignKey(Perpetrator, on_delete=models.CASCADE, related_name="links")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="perpetrator_links")
    linked_at = ClockDateTimeField(_("gekoppeld op"), auto_now_add=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("koppeling veroorzaker–melding")
        verbose_name_plural = _("koppelingen veroorzaker–melding")
        constraints = [
            models.UniqueConstraint(fields=["perpetrator", "incident"], name="perpetrator_incident_unique")
        ]

    def __str__(self) -> str:
        return f"{self.perpetrator_id} → {self.incident_id}"


class Measure(TimestampedModel):
    """A measure towards a perpetrator, answering one or more incidents (001 §6.4, §8)."""

    perpetrator = models.ForeignKey(Perpetrator, on_delete=models.PROTECT, related_name="measures")
    incidents = models.ManyToManyField(Incident, related_name="measures", verbose_name=_("meldingen"))
    kind = models.CharField(_("maatregel"), max_length=30, choices=MeasureKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PROPOSED
    )
    starts_on = models.DateField(_("ingangsdatum"), null=True, blank=True)
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    period_reason = models.TextField(
        _("reden voor een andere duur"),
        blank=True,
        help_text=_(
            "Een toegangsverbod duurt minimaal 3 maanden; een andere duur motiveert u hier (001 §8.1)."
        ),
    )
    notes = models.TextField(_("toelichting"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Hoor en wederhoor (002 #9): the person's side, or why it was not heard.
    hearing = models.CharField(_("hoor en wederhoor"), max_length=20, choices=Hearing.choices, blank=True)
    hearing_notes = models.TextField(_("wat de persoon zei, of waarom niet gehoord"), blank=True)
    # The decision: who, under which mandate, on what grounds, why proportionate.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mandate = models.CharField(_("bevoegdheid"), max_length=20, choices=Mandate.choices, blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    grounds = models.TextField(_("gronden van het besluit"), blank=True)
    proportionality = models.TextField(_("waarom de maatregel in verhouding is"), blank=True)
    communicated_at = models.DateTimeField(_("meegedeeld op"), null=True, blank=True)
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.TextField(_("reden van beëindiging of intrekking"), blank=True)
    # The conduct meeting (ordegesprek, 001 §7.4 stap 3, §8.1).
    meeting_at = models.DateTimeField(_("datum en tijd ordegesprek"), null=True, blank=True)
    meeting_place = models.CharField(_("plaats ordegesprek"), max_length=200, blank=True)
    meeting_attendees = models.TextField(_("aanwezigen namens de organisatie"), blank=True)
    meeting_attendance = models.CharField(
        _("opkomst"), max_length=20, choices=MeetingAttendance.choices, blank=True
    )
    meeting_outcome = models.TextField(_("uitkomst ordegesprek"), blank=True)
    # Due process (issue 19 item 6): the intended measure and the term for a written
    # answer (zienswijze), and the answer itself.
    answer_by = models.DateField(_("schriftelijk reageren kan tot en met"), null=True, blank=True)
    answer_received_on = models.DateField(_("zienswijze ontvangen op"), null=True, blank=True)
    answer_text = models.TextField(_("zienswijze van de persoon"), blank=True)
    answer_file = models.FileField(
        _("zienswijze als bestand"), upload_to=answer_upload_to, blank=True, max_length=200
    )
    answer_file_name = models.CharField(max_length=255, blank=True)
    answer_file_type = models.CharField(max_length=100, blank=True)
    decided_before_term = models.BooleanField(_("besloten vóór het einde van de termijn"), default=False)
    # The fairness guard (issue 19 item 6): why a sanction for emotion or criticism
    # (001 §2.1 levels A and B), and why a warning or ban without hearing the person.
    minor_behaviour_reason = models.TextField(
        _("reden voor een sanctie bij emotie of kritiek (niveau A of B)"), blank=True
    )
    unheard_reason = models.TextField(_("reden om te besluiten zonder de persoon te horen"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "starts_on", "ends_on"], name="measure_status_period"),
            models.Index(fields=["perpetrator", "status"], name="measure_perpetrator_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="measure_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.perpetrator}"


class Objection(TimestampedModel):
    """A bezwaar against a measure, its handling and its outcome."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="objections")
    received_on = models.DateField(_("ontvangen op"))
    grounds = models.TextField(_("waar het bezwaar over gaat"))
    handling = models.TextField(_("behandeling (hoorzitting, advies)"), blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=ObjectionOutcome.choices, blank=True)
    decided_on = models.DateField(_("beslist op"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return _("Bezwaar van %(date)s") % {"date": self.received_on}
