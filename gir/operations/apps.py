from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "gir.operations"
    label = "operations"
    verbose_name = _("Beheer van de installatie: backup en herstel")
