from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    name = "gir.protocol"
    verbose_name = _("Protocol")

    def ready(self) -> None:
        from gir.incidents.page import incident_page

        from .sections import plan_part

        incident_page.register("plan", plan_part)
