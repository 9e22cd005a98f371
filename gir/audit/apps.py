from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gir.audit"
    label = "audit"
