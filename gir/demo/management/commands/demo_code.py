from typing import Any

from django.core.management.base import BaseCommand

from gir.demo.second_factor import demo_code


class Command(BaseCommand):
    help = "Toont de code van dit moment van de demo-authenticator (tweede stap bij inloggen)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(demo_code())
