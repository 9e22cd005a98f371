"""An import of existing registrations: the uploaded file, its column mapping, the dry
run's report and the import's progress (issue 7 item 4)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.core.fields import ClockDateTimeField

from .constants import BatchStatus, FileKind


def batch_upload_to(instance: "ImportBatch", filename: str) -> str:
    # The stored name never carries the user's file name; the original is kept in the row.
    return f"imports/{uuid.uuid4().hex}/{instance.sha256}.{instance.kind}"


class ImportBatch(models.Model):
    """One uploaded file on its way in: mapped, checked (dry run), then imported at once."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = ClockDateTimeField(_("geüpload op"), auto_now_add=True)
    file = models.FileField(_("bestand"), upload_to=batch_upload_to, max_length=300)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    kind = models.CharField(_("soort bestand"), max_length=4, choices=FileKind.choices)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    headers = models.JSONField(_("kolommen in het bestand"), default=list)
    # GIR field -> header of the file ("" when not in the file).
    mapping = models.JSONField(_("koppeling van kolommen"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.UPLOADED
    )
    # The dry run: what it checked (file and mapping) and what it found.
    report = models.JSONField(_("controleverslag"), default=dict, blank=True)
    checked_sha256 = models.CharField(max_length=64, blank=True)
    checked_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    total = models.PositiveIntegerField(_("aantal rijen"), default=0)
    error_count = models.PositiveIntegerField(_("rijen met fouten"), default=0)
    done = models.PositiveIntegerField(_("rijen geïmporteerd"), default=0)
    imported_at = models.DateTimeField(_("geïmporteerd op"), null=True, blank=True)
    error = models.CharField(_("fout"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"

    @property
    def is_running(self) -> bool:
        return self.status in {BatchStatus.QUEUED, BatchStatus.IMPORTING}

    @property
    def may_import(self) -> bool:
        """A dry run of this very file and mapping found no errors, and it is not imported yet."""
        return (
            self.status == BatchStatus.CHECKED
            and self.checked_sha256 == self.sha256
            and self.error_count == 0
            and not self.report.get("columns")
            and self.total > 0
        )
