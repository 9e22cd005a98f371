from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "gir.development"
    verbose_name = _("Leren en ontwikkelen")
