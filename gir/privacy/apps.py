from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "gir.privacy"
    label = "privacy"
    verbose_name = _("Privacy: het auditlog en de rechten van betrokkenen")

    def ready(self) -> None:
        from gir.perpetrators.page import person_page
        from gir.perpetrators.signals import perpetrator_forgotten

        from .subjects.page import person_requests_part
        from .subjects.services import requests_on_forgotten

        person_page.register("subject_requests", person_requests_part)
        perpetrator_forgotten.connect(requests_on_forgotten, dispatch_uid="privacy.requests_on_forgotten")
