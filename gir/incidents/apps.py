from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "gir.incidents"
    label = "incidents"
