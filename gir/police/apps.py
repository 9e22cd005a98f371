from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliceConfig(AppConfig):
    name = "gir.police"
    verbose_name = _("Politie en Arbeidsinspectie")
