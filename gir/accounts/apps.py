from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gir.accounts"
    label = "accounts"
