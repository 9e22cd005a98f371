from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The front door: the home page and the menu, which offer each user what the
    policies of the apps below allow."""

    name = "gir.home"
    label = "home"
