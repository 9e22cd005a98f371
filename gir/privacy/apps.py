from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "gir.privacy"
    label = "privacy"
    verbose_name = _("Privacy: het auditlog lezen")

    def ready(self) -> None:
        from gir.incidents.page import page_section_register

        from .retention_selectors import incident_retention_section

        # The coordinator sees and sets an incident's legal hold on its page.
        page_section_register("retention_section", incident_retention_section)
        # Each app declares the kinds of record it keeps, and what holds them, in its own
        # retention.py (gir.core.retention; ADR 0019).
        autodiscover_modules("retention")
