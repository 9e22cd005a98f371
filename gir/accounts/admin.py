from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from gir.core.admin_site import PolicyModelAdmin

from .models import FunctionGroup, Location, OrganisationUnit, TeamMembership, User, UserRole

# Roles come from the access policy, not from Django groups; don't offer a second system.
admin.site.unregister(Group)


class PolicyInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return True

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class UserRoleInline(PolicyInline):
    model = UserRole
    verbose_name_plural = _("rollen")


class TeamMembershipInline(PolicyInline):
    model = TeamMembership
    autocomplete_fields = ["team"]


@admin.register(User)
class UserAdmin(PolicyModelAdmin, DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password", "oidc_subject")}),
        (
            _("Persoon"),
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "email",
                    "function_group",
                    "is_political_office_holder",
                    "has_measure_mandate",
                )
            },
        ),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("username", "first_name", "last_name", "email", "function_group", "is_active")
    list_filter = ("is_active", "roles__role", "function_group", "has_measure_mandate")
    search_fields = ("username", "first_name", "last_name", "email", "oidc_subject")
    inlines = [UserRoleInline, TeamMembershipInline]
    filter_horizontal = ()


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(PolicyModelAdmin):
    list_display = ("name", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    autocomplete_fields = ["parent"]
    list_select_related = ("parent",)


@admin.register(Location)
class LocationAdmin(PolicyModelAdmin):
    list_display = ("name", "street", "postal_code", "city", "is_active")
    search_fields = ("name", "street", "city")


@admin.register(FunctionGroup)
class FunctionGroupAdmin(PolicyModelAdmin):
    list_display = ("name", "contact_kind", "source", "is_active")
    search_fields = ("name",)
