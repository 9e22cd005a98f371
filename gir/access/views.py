"""The second person's page (docs/adr/0014): open requests for a role that sees case
content, to confirm or refuse. Coordinators and directors (CONFIRM_ROLE_GRANTS) reach it;
each request is for someone else to decide than the one who asked or would receive it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gir.accounts.models import RoleGrantRequest
from gir.core.forms import submit
from gir.core.http import forbid_unless

from . import grants
from .forms import RefuseForm

RECENT = 20


@require_GET
def role_grants(request: HttpRequest) -> HttpResponse:
    forbid_unless(grants.can_confirm_role_grants(request.user))
    pending = [(grant, grants.may_decide(request.user, grant)) for grant in grants.pending_grants()]
    context = {"pending": pending, "decided": grants.decided_grants()[:RECENT]}
    return render(request, "access/role_grants.html", context)


def _open_grant(request: HttpRequest, pk: int) -> RoleGrantRequest:
    forbid_unless(grants.can_confirm_role_grants(request.user))
    return get_object_or_404(RoleGrantRequest.objects.select_related("user", "team", "requested_by"), pk=pk)


@require_POST
def role_grant_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _open_grant(request, pk)
    try:
        grants.role_grant_confirm(actor=request.user, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Bevestigd: %(user)s heeft nu de rol '%(what)s'.") % {"user": grant.user, "what": grant.what},
        )
    return redirect("access:role_grants")


@require_http_methods(["GET", "POST"])
def role_grant_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _open_grant(request, pk)
    if not grants.may_decide(request.user, grant):
        messages.error(request, _("Over deze aanvraag kunt u niet beslissen."))
        return redirect("access:role_grants")
    form = RefuseForm(request.POST or None)

    def page(status: int) -> HttpResponse:
        return render(request, "access/role_grant_refuse.html", {"grant": grant, "form": form}, status=status)

    if request.method != "POST":
        return page(200)
    return submit(
        request,
        form,
        lambda data: grants.role_grant_refuse(actor=request.user, grant=grant, reason=data["reason"]),
        done=lambda _result: redirect("access:role_grants"),
        page=page,
        success=_("De aanvraag is afgewezen."),
    )
