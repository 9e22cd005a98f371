"""The aftercare conversations with an employee after an incident (DESIGN §2.5; 001 §7.7, §10).

What is said is confidential: only the aftercare role and the employee read it
(gir.aftercare.policy); the incident's handlers see only that a conversation took place.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.core.models import TimestampedModel
from gir.incidents.models import Incident
from gir.protocol.models import Step

from .constants import ConversationStatus, Mode, Processed, Referral, SecondaryVictimisation, Stage


class Conversation(TimestampedModel):
    """One aftercare conversation with one employee. The three planned ones hang on
    their protocol step; one asked for later has none."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="aftercare_conversations")
    step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.PROTECT, related_name="aftercare_conversations"
    )
    stage = models.PositiveSmallIntegerField(_("gesprek"), choices=Stage.choices)
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aftercare_conversations",
    )
    # A victim without an account (named in the report) is invited outside GIR.
    employee_name = models.CharField(_("naam medewerker"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ConversationStatus.choices, default=ConversationStatus.SCHEDULED
    )
    requested_at = models.DateTimeField(_("gevraagd op"), null=True, blank=True)
    request_message = models.TextField(_("vraag van de medewerker"), blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gespreksvoerder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scheduled_at = models.DateTimeField(_("datum en tijd"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=60)
    mode = models.CharField(_("vorm"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.CharField(_("plaats of link"), max_length=300, blank=True)
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    # Calendar programs replace an invitation with the same UID and a higher SEQUENCE.
    invitation_sequence = models.PositiveIntegerField(default=0)
    held_at = models.DateTimeField(_("gevoerd op"), null=True, blank=True)
    # What fits each conversation (001 §10.2).
    facts = models.TextField(_("feiten: wat er gebeurde"), blank=True)
    stress_information_given = models.BooleanField(_("uitleg gegeven over stressreacties"), default=False)
    emotions = models.TextField(_("emoties"), blank=True)
    coping = models.TextField(_("hoe de medewerker het verwerkt"), blank=True)
    look_back = models.TextField(_("terugblik"), blank=True)
    processed = models.CharField(
        _("is de gebeurtenis verwerkt?"), max_length=10, choices=Processed.choices, blank=True
    )
    notes = models.TextField(_("verslag"), blank=True)
    secondary_victimisation = models.CharField(
        _("secundaire victimisatie"), max_length=10, choices=SecondaryVictimisation.choices, blank=True
    )
    secondary_victimisation_notes = models.TextField(_("toelichting secundaire victimisatie"), blank=True)
    referral = models.CharField(_("doorverwijzing"), max_length=20, choices=Referral.choices, blank=True)
    referral_notes = models.TextField(_("toelichting doorverwijzing"), blank=True)
    declined_at = models.DateTimeField(_("afgeslagen op"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("nazorggesprek")
        verbose_name_plural = _("nazorggesprekken")
        ordering = ["incident_id", "stage", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "employee"],
                condition=models.Q(step__isnull=False, employee__isnull=False),
                name="conversation_one_per_step_employee",
            ),
            models.UniqueConstraint(
                fields=["step", "employee_name"],
                condition=models.Q(step__isnull=False, employee__isnull=True),
                name="conversation_one_per_step_name",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "held_at"], name="conversation_status_held"),
            models.Index(fields=["employee", "status"], name="conversation_employee"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} — {self.employee_label}"

    @property
    def employee_label(self) -> str:
        return str(self.employee) if self.employee_id else self.employee_name

    @property
    def is_finished(self) -> bool:
        return self.status in {
            ConversationStatus.HELD,
            ConversationStatus.DECLINED,
            ConversationStatus.CANCELLED,
        }
