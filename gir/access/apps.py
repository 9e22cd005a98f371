from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "gir.access"
    label = "access"
