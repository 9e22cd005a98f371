from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gir.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth import signals as auth_signals

        from axes.signals import user_locked_out

        from . import (
            checks,  # noqa: F401 - registers the log-in settings' checks
            receivers,
        )

        auth_signals.user_logged_in.connect(receivers.on_logged_in, dispatch_uid="gir_logged_in")
        auth_signals.user_login_failed.connect(receivers.on_login_failed, dispatch_uid="gir_login_failed")
        auth_signals.user_logged_out.connect(receivers.on_logged_out, dispatch_uid="gir_logged_out")
        user_locked_out.connect(receivers.on_locked_out, dispatch_uid="gir_locked_out")
