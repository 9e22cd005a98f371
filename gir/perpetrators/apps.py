from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerpetratorsConfig(AppConfig):
    name = "gir.perpetrators"
    verbose_name = _("Veroorzakers en maatregelen")
