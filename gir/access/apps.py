from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.module_loading import autodiscover_modules


class AccessConfig(AppConfig):
    name = "gir.access"
    label = "access"

    def ready(self) -> None:
        from gir.accounts.signals import role_grant_requested

        from .grants import can_confirm_role_grants, on_role_grant_requested
        from .kernel import Capability, can_manage_organisation, has_capability
        from .registry import register_menu

        register_menu("admin", can_manage_organisation)
        register_menu("lockouts", lambda user: has_capability(user, Capability.UNLOCK_ACCOUNTS))
        # The second person of a role grant (docs/adr/0014): the page, and its mail.
        register_menu("role_grants", can_confirm_role_grants)
        role_grant_requested.connect(on_role_grant_requested, dispatch_uid="access.role_grant_requested")
        # Each app's policy.py registers its checks and menu entries (ADR 0011).
        autodiscover_modules("policy")


class GirAdminConfig(admin_apps.AdminConfig):
    """Django's admin, as GIR's Beheer: the site asks the access policy (admin_site.py)."""

    default = False
    default_site = "gir.access.admin_site.GirAdminSite"
