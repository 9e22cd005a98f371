"""What the privacy app stores: the requests of the people in the register (AVG art.
15-21; issue 19 item 5); the retention schedule and its deletion log live in
retention_models (issue 19 item 4)."""

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.core.models import TimestampedModel
from gir.perpetrators.models import Perpetrator

from .retention_models import DeletionLog, RetentionRule
from .subjects.constants import EXTENSION_MONTHS, TERM_MONTHS, SubjectDecision, SubjectRight


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; a month from 31 January ends on the last day of
    February (art. 3 of the European rules on periods, Regulation 1182/71)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class SubjectRequest(TimestampedModel):
    """A request of a person in the register about their own data (inzage, correctie,
    beperking, bezwaar), and its decision. The statutory term runs from its receipt."""

    perpetrator = models.ForeignKey(
        Perpetrator, verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="subject_requests"
    )
    kind = models.CharField(_("soort verzoek"), max_length=20, choices=SubjectRight.choices)
    received_on = models.DateField(_("ontvangen op"))
    request = models.TextField(_("wat de persoon vraagt"))
    decision = models.CharField(_("beslissing"), max_length=20, choices=SubjectDecision.choices, blank=True)
    decided_on = models.DateField(_("beslist op"), null=True, blank=True)
    grounds = models.TextField(_("gronden van de beslissing"), blank=True)
    # The term extended by two months (AVG art. 12(3)), with the reasons told to the person.
    extended_on = models.DateField(_("termijn verlengd op"), null=True, blank=True)
    extension_reason = models.TextField(_("reden van de verlenging"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beslist door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("verzoek van betrokkene")
        verbose_name_plural = _("verzoeken van betrokkenen")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["decision", "received_on"], name="subject_request_open")]

    def __str__(self) -> str:
        return _("Verzoek %(number)s (%(kind)s)") % {"number": self.pk, "kind": self.get_kind_display()}

    @property
    def due_on(self) -> dt.date:
        """The last day of the statutory term: one month after receipt, three when it was
        extended (AVG art. 12(3))."""
        return add_months(self.received_on, TERM_MONTHS + (EXTENSION_MONTHS if self.extended_on else 0))

    @property
    def first_term_ends_on(self) -> dt.date:
        return add_months(self.received_on, TERM_MONTHS)

    def is_overdue(self, today: dt.date) -> bool:
        return not self.decision and today > self.due_on


__all__ = ["DeletionLog", "RetentionRule", "SubjectRequest", "add_months"]
