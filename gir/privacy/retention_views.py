"""The pages of the retention schedule (issue 19 item 4, ADR 0023): the schedule and its
periods, the deletion log with a dry run, and the legal holds."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.core.pagination import CappedPaginator
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Incident, LegalHold
from gir.incidents.policy import incidents_visible_to
from gir.incidents.retention import legal_hold_lift, legal_hold_set

from .policy import can_manage_retention, can_set_legal_holds
from .retention_forms import LegalHoldForm, LegalHoldLiftForm, RetentionRuleForm
from .retention_models import RetentionRule
from .retention_selectors import deletion_log, label_of, legal_holds, schedule_rows
from .retention_services import retention_rule_update, retention_run

PAGE_SIZE = 50


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def schedule(request: HttpRequest) -> HttpResponse:
    """Every kind of record, how long it is kept, from when, and why."""
    forbid_unless(can_manage_retention(request.user))
    return _no_store(render(request, "privacy/retention_schedule.html", {"rows": schedule_rows()}))


@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    forbid_unless(can_manage_retention(request.user))
    rows = {row.rule.pk: row for row in schedule_rows()}
    row = rows.get(pk)
    if row is None or row.fixed:
        raise Http404
    rule = row.rule
    initial = {"days": rule.days, "version": rule.version}
    form = RetentionRuleForm(request.POST if request.method == "POST" else None, initial=initial)

    def page(status: int) -> HttpResponse:
        context = {"form": form, "row": row}
        return _no_store(render(request, "privacy/retention_rule_form.html", context, status=status))

    if request.method != "POST":
        return page(200)

    def save(data: dict[str, Any]) -> RetentionRule:
        return retention_rule_update(
            actor=request.user, rule=rule, days=data["days"], version=data["version"]
        )

    return submit(
        request,
        form,
        save,
        done=lambda _rule: redirect("privacy:retention"),
        page=page,
        success=_("De bewaartermijn is opgeslagen."),
        stale=_("Iemand anders heeft deze bewaartermijn net gewijzigd. Hieronder staat wat u typte."),
    )


@require_POST
def dry_run(request: HttpRequest) -> HttpResponse:
    """Count what the next run would erase, per kind; nothing is erased."""
    forbid_unless(can_manage_retention(request.user))
    logs = retention_run(dry_run=True, actor=request.user)
    total = sum(log.count for log in logs if not log.left_to_own_task)
    messages.success(
        request,
        _(
            "Proefrun klaar. Hieronder staat per soort gegevens hoeveel de volgende run zou "
            "anonimiseren of verwijderen (samen %(count)s)."
        )
        % {"count": total},
    )
    return redirect("privacy:deletion_log")


@require_GET
def log(request: HttpRequest) -> HttpResponse:
    """What each run erased (or, as a dry run, would erase): kind, count, rule, when."""
    forbid_unless(can_manage_retention(request.user))
    page = CappedPaginator(deletion_log(), PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = [(entry, label_of(entry.kind)) for entry in page.object_list]
    return _no_store(render(request, "privacy/deletion_log.html", {"page": page, "rows": rows}))


@require_http_methods(["GET", "POST"])
def holds(request: HttpRequest) -> HttpResponse:
    """The legal holds, and a form to set one on an incident."""
    forbid_unless(can_set_legal_holds(request.user))
    form = LegalHoldForm(request.POST if request.method == "POST" else None)

    def page(status: int) -> HttpResponse:
        context = {"form": form, "holds": legal_holds()[:500]}
        return _no_store(render(request, "privacy/legal_holds.html", context, status=status))

    if request.method != "POST":
        return page(200)

    def save(data: dict[str, Any]) -> LegalHold:
        incident = _incident(request, data["melding"])
        if incident is None:
            raise ValidationError({"melding": _("Deze melding bestaat niet of u kunt haar niet zien.")})
        return legal_hold_set(actor=request.user, incident=incident, reason=data["reden"])

    return submit(
        request,
        form,
        save,
        done=lambda _hold: redirect("privacy:legal_holds"),
        page=page,
        success=lambda hold: _("Bewaarplicht ingesteld op %(ref)s.") % {"ref": hold.incident.reference},
    )


def _incident(request: HttpRequest, pk: int) -> Incident | None:
    visible = incidents_visible_to(request.user).exclude(status=IncidentStatus.DRAFT)
    return visible.filter(pk=pk).first()


@require_POST
def hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    forbid_unless(can_set_legal_holds(request.user))
    hold = get_object_or_404(LegalHold.objects.select_related("incident"), pk=pk)
    if _incident(request, hold.incident_id) is None:
        raise Http404
    form = LegalHoldLiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul de reden in waarom de bewaarplicht vervalt."))
        return redirect("privacy:legal_holds")
    legal_hold_lift(actor=request.user, incident=hold.incident, reason=form.cleaned_data["reden"])
    messages.success(request, _("Bewaarplicht op %(ref)s opgeheven.") % {"ref": hold.incident.reference})
    return redirect("privacy:legal_holds")
