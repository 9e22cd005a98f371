from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "gir.privacy"
    label = "privacy"
    verbose_name = _("Privacy: het auditlog en de rechten van betrokkenen")

    def ready(self) -> None:
        from gir.perpetrators.page import person_page

        from .subjects.page import person_requests_part

        person_page.register("subject_requests", person_requests_part)
