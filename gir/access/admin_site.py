from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gir.access.kernel import can_manage_organisation


class GirAdminSite(admin.AdminSite):
    """The administrator's pages. Access comes from the access policy, not from
    is_staff or Django permissions, so there is one rule and no bypass."""

    site_header = _("GIR beheer")
    site_title = _("GIR beheer")
    index_title = _("Gebruikers en organisatie")

    def has_permission(self, request: HttpRequest) -> bool:
        return can_manage_organisation(request.user)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """Everyone logs in through GIR's own page; the admin has no log-in of its own."""
        if not request.user.is_authenticated:
            next_url = request.GET.get("next", reverse("admin:index", current_app=self.name))
            return redirect_to_login(next_url, resolve_url(settings.LOGIN_URL))
        if self.has_permission(request):
            return redirect("admin:index")
        raise PermissionDenied

    def password_change(  # type: ignore[override]  # a redirect, not Django's form
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """One page to change one's own password, logged and with a new session id."""
        return redirect("accounts:password_change")
