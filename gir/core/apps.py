from django.apps import AppConfig


class CoreConfig(AppConfig):
    default = True
    name = "gir.core"
    label = "core"

    def ready(self) -> None:
        from gir.core import (
            checks,  # noqa: F401 - registers the storage settings' checks
            lookups,
        )

        lookups.register()
