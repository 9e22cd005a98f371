from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "gir.privacy"
    label = "privacy"
    verbose_name = _("Privacy: het auditlog, de bewaartermijnen en de rechten van betrokkenen")

    def ready(self) -> None:
        from gir.incidents.page import page_section_register
        from gir.perpetrators.page import person_page
        from gir.perpetrators.signals import perpetrator_forgotten

        from .retention_selectors import incident_retention_section
        from .subjects.page import person_requests_part
        from .subjects.services import requests_on_forgotten

        person_page.register("subject_requests", person_requests_part)
        perpetrator_forgotten.connect(requests_on_forgotten, dispatch_uid="privacy.requests_on_forgotten")
        # The coordinator sees and sets an incident's legal hold on its page.
        page_section_register("retention_section", incident_retention_section)
        # Each app declares the kinds of record it keeps, and what holds them, in its own
        # retention.py (gir.core.retention; ADR 0023).
        autodiscover_modules("retention")
