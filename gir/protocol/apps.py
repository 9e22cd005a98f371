from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    name = "gir.protocol"
    verbose_name = _("Protocol")

    def ready(self) -> None:
        from gir.incidents.page import page_part_register

        from .sections import plan_part

        page_part_register("plan", plan_part)
