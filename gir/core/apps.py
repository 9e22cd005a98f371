from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "gir.core"
    label = "core"


class GirAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "gir.core.admin_site.GirAdminSite"
