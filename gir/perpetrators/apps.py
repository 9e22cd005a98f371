from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerpetratorsConfig(AppConfig):
    name = "gir.perpetrators"
    verbose_name = _("Veroorzakers en maatregelen")

    def ready(self) -> None:
        from gir.incidents.page import page_section_register

        from .selectors import incident_perpetrators

        page_section_register("perpetrator_section", incident_perpetrators)
