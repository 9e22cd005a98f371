from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from gir.core.admin_site import PolicyModelAdmin

from . import services
from .constants import GrantStatus, MembershipRole, needs_second_person
from .forms import AdminUserCreationForm
from .models import (
    FunctionGroup,
    Location,
    OrganisationUnit,
    RoleGrantRequest,
    TeamMembership,
    User,
    UserRole,
)
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


class PendingGrantInline(admin.TabularInline):
    """The requests for this user that wait for a second person (docs/adr/0014): shown,
    never changed here; coordinators and directors decide on GIR's own page."""

    model = RoleGrantRequest
    fk_name = "user"
    extra = 0
    fields = readonly_fields = ("requested_for", "requested_by", "requested_at")
    verbose_name = _("aanvraag die wacht op een tweede persoon")
    verbose_name_plural = _("aanvragen die wachten op een tweede persoon")

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return (
            super()
            .get_queryset(request)
            .filter(status=GrantStatus.PENDING)
            .select_related("team", "requested_by")
        )

    @admin.display(description=_("rol"))
    def requested_for(self, grant: RoleGrantRequest) -> str:
        return grant.what

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return True

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    has_change_permission = has_delete_permission = has_add_permission


def _asked_message(request: HttpRequest, grant: RoleGrantRequest) -> None:
    messages.warning(
        request,
        _t(
            "%(user)s krijgt ‘%(what)s’ nog niet: dit is aangevraagd. Een coördinator of "
            "directeur moet het bevestigen op de pagina ‘Rollen bevestigen’ in GIR. Zij "
            "krijgen daarover een e-mail."
        )
        % {"user": grant.user, "what": grant.what},
    )


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
    inlines = [UserRoleInline, TeamMembershipInline, PendingGrantInline]
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

    # --- Every change through gir.accounts.services, logged (issue 17 item 6) -----------
    # Django's admin wraps save_model and save_related in one transaction, so the change
    # and its audit entries commit together.

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        services.account_save(actor=request.user, user=obj)

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        services.account_delete(actor=request.user, user=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            services.account_delete(actor=request.user, user=user)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:  # type: ignore[type-arg]
        if formset.model is UserRole:
            self._save_roles(request, form.instance, formset)
        elif formset.model is TeamMembership:
            self._save_memberships(request, form.instance, formset)
        else:
            super().save_formset(request, form, formset, change)

    @staticmethod
    def _rows(formset: BaseInlineFormSet) -> list[tuple[Any, dict[str, Any], bool]]:  # type: ignore[type-arg]
        """(stored row or None, what the form says, delete?) per form that changed."""
        # The admin's own history message reads these; the services do the writing.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        rows = []
        for row_form in formset.forms:
            data = getattr(row_form, "cleaned_data", None)
            if not data or not row_form.has_changed():
                continue
            pk = row_form.instance.pk
            stored = type(row_form.instance).objects.filter(pk=pk).first() if pk else None
            rows.append((stored, data, bool(data.get("DELETE"))))
        return rows

    def _ask_or_grant(self, request: HttpRequest, user: User, *, role: str = "", team: Any = None) -> None:
        try:
            if team is not None:
                _asked_message(request, services.role_grant_request(actor=request.user, user=user, team=team))
            elif needs_second_person(role):
                _asked_message(request, services.role_grant_request(actor=request.user, user=user, role=role))
            else:
                services.role_grant(actor=request.user, user=user, role=role)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))

    def _save_roles(self, request: HttpRequest, user: User, formset: BaseInlineFormSet) -> None:  # type: ignore[type-arg]
        for stored, data, delete in self._rows(formset):
            if stored is not None and (delete or stored.role != data["role"]):
                services.role_revoke(actor=request.user, user=user, role=stored.role)
            if not delete and (stored is None or stored.role != data["role"]):
                self._ask_or_grant(request, user, role=data["role"])

    def _save_memberships(self, request: HttpRequest, user: User, formset: BaseInlineFormSet) -> None:  # type: ignore[type-arg]
        for stored, data, delete in self._rows(formset):
            team, role = data.get("team"), data.get("role")
            unchanged = stored is not None and (stored.team_id, stored.role) == (
                getattr(team, "pk", None),
                role,
            )
            if delete or not unchanged:
                # A member who is to manage the same team stays a member until confirmed.
                promoted = (
                    stored is not None
                    and not delete
                    and stored.team_id == getattr(team, "pk", None)
                    and stored.role == MembershipRole.MEMBER
                )
                if stored is not None and not promoted:
                    services.membership_remove(actor=request.user, membership=stored)
            if delete or unchanged or team is None:
                continue
            if role == MembershipRole.MANAGER:
                self._ask_or_grant(request, user, team=team)
            else:
                services.membership_add(actor=request.user, user=user, team=team, role=role)


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


@admin.register(RoleGrantRequest)
class RoleGrantRequestAdmin(PolicyModelAdmin):
    """The requests for a role, to follow: the administrator sees what it asked and what
    was decided, and changes nothing (coordinators and directors decide in GIR)."""

    list_display = (
        "user",
        "requested_for",
        "requested_by",
        "requested_at",
        "status",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    list_select_related = ("user", "team", "requested_by", "decided_by")
    fields = readonly_fields = (
        "user",
        "requested_for",
        "requested_by",
        "requested_at",
        "status",
        "decided_by",
        "decided_at",
        "reason",
    )

    @admin.display(description=_("rol"))
    def requested_for(self, grant: RoleGrantRequest) -> str:
        return grant.what

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
