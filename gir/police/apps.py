from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliceConfig(AppConfig):
    name = "gir.police"
    verbose_name = _("Politie en Arbeidsinspectie")

    def ready(self) -> None:
        from gir.incidents.page import page_section_register

        from .sections import police_section

        page_section_register("police_section", police_section)
