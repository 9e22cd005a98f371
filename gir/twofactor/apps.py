from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "gir.twofactor"
    label = "twofactor"

    def ready(self) -> None:
        from . import signals  # noqa: F401  # connects the log-in receiver
