from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from gir.core.admin_site import PolicyModelAdmin

from .forms import AdminUserCreationForm
from .models import FunctionGroup, Location, OrganisationUnit, TeamMembership, User, UserRole
from .services import password_reset_send

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
    # Passwords (issue 17 item 4): the administrator never sees or sets one; a new account
    # gets an unusable password and a link, and "Stuur link voor nieuw wachtwoord" mails one.
    add_form = AdminUserCreationForm
    add_form_template = "admin/change_form.html"
    add_fieldsets = ((None, {"fields": ("username", "first_name", "last_name", "email")}),)
    actions = ["send_password_link"]
    fieldsets = (
        (None, {"fields": ("username", "oidc_subject")}),
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

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        raise PermissionDenied  # nobody sets another's password; send a link instead

    def get_urls(self):  # type: ignore[no-untyped-def]
        return [
            path(
                "<id>/wachtwoordlink/",
                self.admin_site.admin_view(require_POST(self.password_link_view)),
                name="accounts_user_password_link",
            ),
            *super().get_urls(),
        ]

    def _send_links(self, request: HttpRequest, users: "QuerySet[User] | list[User]") -> None:
        sent = [user for user in users if password_reset_send(actor=request.user, user=user)]
        if sent:
            text = ngettext(
                "Een link voor een nieuw wachtwoord is gemaild naar %(names)s.",
                "Links voor een nieuw wachtwoord zijn gemaild naar %(names)s.",
                len(sent),
            )
            messages.success(request, text % {"names": ", ".join(u.get_username() for u in sent)})
        skipped = [user for user in users if user not in sent]
        if skipped:
            messages.warning(
                request,
                _("Geen link gestuurd aan %(names)s: geen e-mailadres of account niet actief.")
                % {"names": ", ".join(u.get_username() for u in skipped)},
            )

    def password_link_view(self, request: HttpRequest, id: str) -> HttpResponse:
        user = self.get_object(request, id) if id.isdigit() else None
        if user is None:
            raise PermissionDenied
        self._send_links(request, [user])
        return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[user.pk]))

    @admin.action(description=_("Stuur link voor nieuw wachtwoord"))
    def send_password_link(self, request: HttpRequest, queryset: "QuerySet[User]") -> None:
        self._send_links(request, list(queryset))

    def response_add(
        self, request: HttpRequest, obj: User, post_url_continue: str | None = None
    ) -> HttpResponse:
        # The new account's owner chooses the password, through a mailed link.
        self._send_links(request, [obj])
        return super().response_add(request, obj, post_url_continue)


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
