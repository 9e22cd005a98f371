from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DamageConfig(AppConfig):
    name = "gir.damage"
    verbose_name = _("Schade en schadeverhaal")

    def ready(self) -> None:
        from gir.incidents.page import page_section_register

        from .sections import damage_section

        page_section_register("damage_section", damage_section)
