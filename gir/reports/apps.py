from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gir.reports"
    verbose_name = _("Rapportages en trends")

    def ready(self) -> None:
        from gir.incidents.signals import incidents_changed

        from .tallies import mark_on_incidents_changed

        incidents_changed.connect(mark_on_incidents_changed, dispatch_uid="reports.figures")
