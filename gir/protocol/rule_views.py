"""The coordinator adjusts the protocol rules (DESIGN §2.2). Rules are never deleted."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from gir.core.forms import submit
from gir.core.http import forbid_unless

from .constants import ConditionMatch, DeadlineAnchor, DeadlineUnit, StepKind, outcome_choices
from .facts import describe_conditions
from .models import ProtocolRule
from .policy import can_configure_protocol
from .rule_forms import RuleForm
from .rule_services import rule_save


def _period(amount: int, unit: str) -> str:
    if unit == DeadlineUnit.DAYS:
        return ngettext("%(n)s dag", "%(n)s dagen", amount) % {"n": amount}
    if unit == DeadlineUnit.WEEKS:
        return ngettext("%(n)s week", "%(n)s weken", amount) % {"n": amount}
    return _("%(n)s uur") % {"n": amount}


def describe_deadline(rule: ProtocolRule) -> str:
    """For example "72 uur (streven 24 uur) na het incident"."""
    period = _period(rule.deadline_amount, rule.deadline_unit)
    if rule.aim_amount:
        period = _("%(period)s (streven %(aim)s)") % {
            "period": period,
            "aim": _period(rule.aim_amount, rule.deadline_unit),
        }
    if rule.anchor != DeadlineAnchor.STEP:
        return _("%(period)s na het incident") % {"period": period}
    step = str(StepKind(rule.after_kind).label) if rule.after_kind in StepKind.values else rule.after_kind
    if rule.after_outcomes:
        labels = dict(outcome_choices(rule.after_kind))
        outcomes = ", ".join(str(labels.get(o, o)) for o in rule.after_outcomes)
        step = f"{step}: {outcomes}"
    return _("%(period)s na %(step)s") % {"period": period, "step": step}


@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    forbid_unless(can_configure_protocol(request.user))
    rows: list[dict[str, Any]] = [
        {
            "rule": rule,
            # One line per condition, with "en" or "of" between, reads easier than one sentence.
            "conditions": [part for c in rule.conditions if (part := describe_conditions([c], rule.match))]
            or [describe_conditions([], rule.match)],
            "joiner": _("en") if rule.match == ConditionMatch.ALL else _("of"),
            "deadline": describe_deadline(rule),
        }
        for rule in ProtocolRule.objects.order_by("position", "pk")
    ]
    return render(request, "protocol/rule_list.html", {"rows": rows})


def _render_form(
    request: HttpRequest, form: RuleForm, rule: ProtocolRule | None, stored_title: str = "", status: int = 200
) -> HttpResponse:
    context = {"form": form, "rule": rule, "stored_title": stored_title}
    return render(request, "protocol/rule_form.html", context, status=status)


STALE = gettext_lazy(
    "Deze regel is intussen gewijzigd, door iemand anders of in een ander tabblad. "
    "Uw wijziging is niet opgeslagen; wat u invulde staat hieronder nog. "
    "Open de nieuwste versie en voer uw wijziging daar opnieuw in."
)


def _save(
    request: HttpRequest, form: RuleForm, rule: ProtocolRule | None, stored_title: str = ""
) -> HttpResponse:
    """Save the form; a refusal by the model or a concurrent edit goes on the form."""

    def stale() -> HttpResponse:
        # Refused as bad input (400), with a link to the newest version on the page.
        form.stale = True
        form.add_error(None, STALE)
        return _render_form(request, form, rule, stored_title, status=400)

    message = _("De regel ‘%(title)s’ is opgeslagen.") if rule else _("De regel ‘%(title)s’ is toegevoegd.")
    return submit(
        request,
        form,
        lambda _data: rule_save(
            actor=request.user,
            rule=form.instance,
            expected_version=form.expected_version() if rule else None,
        ),
        done=lambda _saved: redirect("protocol:rules"),
        page=lambda status: _render_form(request, form, rule, stored_title, status=status),
        success=lambda saved: message % {"title": saved.title},
        on_stale=stale,
    )


@require_http_methods(["GET", "POST"])
def rule_create(request: HttpRequest) -> HttpResponse:
    forbid_unless(can_configure_protocol(request.user))
    form = RuleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        return _save(request, form, None)
    return _render_form(request, form, None)


@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    forbid_unless(can_configure_protocol(request.user))
    rule = get_object_or_404(ProtocolRule, pk=pk)
    stored_title = rule.title  # the form changes the instance in place
    form = RuleForm(request.POST if request.method == "POST" else None, instance=rule)
    if request.method == "POST":
        return _save(request, form, rule, stored_title)
    return _render_form(request, form, rule, stored_title)
