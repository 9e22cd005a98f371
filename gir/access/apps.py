from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.module_loading import autodiscover_modules


class AccessConfig(AppConfig):
    name = "gir.access"
    label = "access"

    def ready(self) -> None:
        from .kernel import Capability, can_manage_organisation, has_capability
        from .registry import register_menu

        register_menu("admin", can_manage_organisation)
        register_menu("lockouts", lambda user: has_capability(user, Capability.UNLOCK_ACCOUNTS))
        # Each app's policy.py registers its checks and menu entries (ADR 0011).
        autodiscover_modules("policy")


class GirAdminConfig(admin_apps.AdminConfig):
    """Django's admin, as GIR's Beheer: the site asks the access policy (admin_site.py)."""

    default = False
    default_site = "gir.access.admin_site.GirAdminSite"
