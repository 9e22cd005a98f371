from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DamageConfig(AppConfig):
    name = "gir.damage"
    verbose_name = _("Schade en schadeverhaal")
