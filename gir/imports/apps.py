from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "gir.imports"
    verbose_name = _("Import van bestaande registraties")
