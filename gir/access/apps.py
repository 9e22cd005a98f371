from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccessConfig(AppConfig):
    name = "gir.access"
    label = "access"


class GirAdminConfig(admin_apps.AdminConfig):
    """Django's admin, as GIR's Beheer: the site asks the access policy (admin_site.py)."""

    default = False
    default_site = "gir.access.admin_site.GirAdminSite"
