from django.apps import AppConfig


class CoreConfig(AppConfig):
    default = True
    name = "gir.core"
    label = "core"

    def ready(self) -> None:
        from gir.core import lookups

        lookups.register()
