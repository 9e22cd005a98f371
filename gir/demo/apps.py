from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Development data: the demo organisation, bulk incidents and the benchmarks.
    The top layer: it may use every app, and no app uses it."""

    name = "gir.demo"
    label = "demo"
