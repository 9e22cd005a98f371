from django.apps import AppConfig


class CoreConfig(AppConfig):
    default = True
    name = "gir.core"
    label = "core"
