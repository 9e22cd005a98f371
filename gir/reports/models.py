"""Exports that run in the background (issue 7 item 3): a case-level export of many
incidents is written by a task, with its progress, and downloaded when done."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.core.fields import ClockDateTimeField

from .constants import ExportFormat, ExportStatus


def export_upload_to(instance: "Export", filename: str) -> str:
    return f"exports/{uuid.uuid4().hex}/{filename}"


class Export(models.Model):
    """One requested export: who asked, for which filters, how far it is, and the file."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = ClockDateTimeField(_("gevraagd op"), auto_now_add=True)
    format = models.CharField(_("bestandsvorm"), max_length=4, choices=ExportFormat.choices)
    # The filters as given: {"start": "2026-01-01", "end": "2026-03-31", "unit": 12 | None}.
    filters = models.JSONField(_("filters"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("aantal rijen"), default=0)
    done = models.PositiveIntegerField(_("rijen klaar"), default=0)
    file = models.FileField(_("bestand"), upload_to=export_upload_to, blank=True, max_length=200)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    error = models.CharField(_("fout"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in {ExportStatus.DONE, ExportStatus.FAILED}


class FigureCount(models.Model):
    """One pre-counted figure of the dashboard: for the incidents of one month (when they
    happened, Amsterdam time), one team and one track (restricted or not), how many fall
    under `key` of `dimension` (ADR 0007). Kept by gir.reports.tallies; never edited by hand."""

    month = models.DateField(_("maand"))
    team = models.ForeignKey(
        "accounts.OrganisationUnit", on_delete=models.CASCADE, null=True, related_name="+"
    )
    restricted = models.BooleanField(_("beperkt spoor"))
    dimension = models.CharField(_("indeling"), max_length=24)
    key = models.CharField(_("waarde"), max_length=40)
    count = models.PositiveIntegerField(_("aantal"))

    class Meta:
        verbose_name = _("voorgeteld cijfer")
        verbose_name_plural = _("voorgetelde cijfers")
        indexes = [models.Index(fields=["month", "dimension"], name="figurecount_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.dimension}={self.key}: {self.count}"


class StaleFigures(models.Model):
    """A month, team and track whose figures changed since they were counted: written in
    the same transaction as the change, counted again by gir.reports.tallies.refresh."""

    month = models.DateField(_("maand"))
    team = models.ForeignKey(
        "accounts.OrganisationUnit", on_delete=models.CASCADE, null=True, related_name="+"
    )
    restricted = models.BooleanField(_("beperkt spoor"))

    class Meta:
        verbose_name = _("te tellen cijfers")
        verbose_name_plural = _("te tellen cijfers")
        # The dashboard asks whether marks of its months and teams wait; a round takes
        # the earliest month first.
        indexes = [models.Index(fields=["month", "team"], name="stalefigures_month_team")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.team_id} {self.restricted}"


class Suppression(models.Model):
    """The hidden cells of one table set of suppressed figures (ADR 0022), by a hash of
    its counts and relations: solved by the worker after it counts, or by the first page
    that needs it, and read by every page after. A key is never stale: other counts give
    another key. Old rows are removed by the worker and solved again when asked for."""

    fingerprint = models.CharField(_("vingerafdruk"), max_length=64, unique=True)
    hidden = models.JSONField(_("verborgen cellen"), default=list)
    made_at = ClockDateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("onderdrukking")
        verbose_name_plural = _("onderdrukkingen")

    def __str__(self) -> str:
        return self.fingerprint[:12]
