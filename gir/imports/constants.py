"""Choices of the import of existing registrations (issue 7 item 4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Geüpload, kolommen nog kiezen")
    CHECKED = "checked", _("Gecontroleerd")
    QUEUED = "queued", _("Wacht op import")
    IMPORTING = "importing", _("Bezig met importeren")
    DONE = "done", _("Geïmporteerd")
    FAILED = "failed", _("Mislukt, niets geïmporteerd")


class FileKind(models.TextChoices):
    XLSX = "xlsx", _("Excel (XLSX)")
    CSV = "csv", _("CSV")


# A row older than this many days is imported as closed when the file has no status.
CLOSED_AFTER_DAYS = 90
# The dry-run page shows this many rows (errors first); the counts cover all.
REPORT_ROWS_SHOWN = 200
