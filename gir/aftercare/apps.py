from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftercareConfig(AppConfig):
    name = "gir.aftercare"
    verbose_name = _("Opvang en nazorg")

    def ready(self) -> None:
        from gir.incidents.page import page_section_register

        from .sections import aftercare_section

        page_section_register("aftercare_section", aftercare_section)
