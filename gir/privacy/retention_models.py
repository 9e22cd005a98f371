"""The retention schedule as data and the log of what it erased (issue 19 item 4, ADR 0023)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.core.fields import ClockDateTimeField


class RetentionRule(models.Model):
    """How long one kind of record is kept (a kind registered in gir.core.retention),
    from which moment, and on which legal ground. Shipped by a data migration; the
    coordinator or the privacy officer adjusts the period."""

    key = models.CharField(_("soort gegevens"), max_length=40, unique=True)
    days = models.PositiveIntegerField(_("bewaartermijn (dagen)"))
    counted_from = models.CharField(_("termijn loopt vanaf"), max_length=200)
    ground = models.TextField(_("grondslag"))
    version = models.PositiveIntegerField(default=1)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.key


class DeletionLog(models.Model):
    """What one run did to one kind of record: how many, under which rule and period,
    when, for real or as a dry run. Never which records, never their content."""

    run_at = ClockDateTimeField(_("run gestart"), db_index=True)
    kind = models.CharField(_("soort gegevens"), max_length=40)
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="log")
    days = models.PositiveIntegerField(_("bewaartermijn (dagen)"))
    cutoff = models.DateTimeField(_("ouder dan"))
    dry_run = models.BooleanField(_("proefrun"))
    count = models.PositiveIntegerField(_("aantal"))
    batches = models.PositiveIntegerField(_("porties"), default=0)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    # For a kind whose own task erases it (the audit log, the register): counted only.
    left_to_own_task = models.BooleanField(default=False)
    error = models.CharField(_("fout"), max_length=300, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("verwijderlog")
        verbose_name_plural = _("verwijderlog")
        ordering = ["-run_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.count}"
