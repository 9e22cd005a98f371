from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftercareConfig(AppConfig):
    name = "gir.aftercare"
    verbose_name = _("Opvang en nazorg")
