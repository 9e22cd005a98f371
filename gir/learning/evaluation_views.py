"""The structured incident evaluation (004 §6) and the catalogue of actions (002). Each
view asks the access policy, parses its forms, calls a service and renders or redirects;
the service says what makes an evaluation complete and writes the audit log."""

from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from gir.core.exceptions import ConcurrentEditError
from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.core.params import parse_int
from gir.incidents.models import Incident
from gir.protocol.constants import StepKind
from gir.protocol.models import Step

from . import services
from .constants import EvaluationStatus, Phase
from .forms import (
    CAUSE_PREFIX,
    CatalogueActionForm,
    CatalogueFilterForm,
    CauseFormSet,
    EvaluationForm,
    FirstCauseFormSet,
    cause_initial,
    factor_choices,
)
from .models import CatalogueAction, Cause, Evaluation, Factor, ImprovementAction
from .policy import access_evaluation_incident, can_keep_plan, can_manage_catalogue, can_read_plans

STALE = gettext_lazy(
    "Iemand anders heeft deze evaluatie intussen gewijzigd. Er is niets opgeslagen. "
    "Wat nu is opgeslagen staat hieronder; uw eigen invoer staat nog in het formulier. "
    "Sla opnieuw op om uw versie te bewaren."
)
FINISHED = gettext_lazy("Deze evaluatie is afgerond en verandert niet meer.")
# How many causes one evaluation can hold on the form; more is not an evaluation but a list.
MAX_CAUSES = 30


# --- The incident evaluation ----------------------------------------------------------------


def _evaluation_of(incident: Incident) -> Evaluation | None:
    """The evaluation with its causes, their factor and their improvement actions, in a
    fixed number of queries whatever their number."""
    actions = ImprovementAction.objects.select_related("owner").order_by("due_on", "pk")
    causes = Cause.objects.select_related("factor").prefetch_related(Prefetch("actions", queryset=actions))
    return (
        Evaluation.objects.filter(incident=incident)
        .select_related("written_by")
        .prefetch_related(Prefetch("causes", queryset=causes))
        .first()
    )


def _factor_choices(evaluation: Evaluation | None) -> list[tuple[Any, Any]]:
    """The factors in use, and any retired one a saved cause still names."""
    used = [cause.factor_id for cause in evaluation.causes.all() if cause.factor_id] if evaluation else []
    return factor_choices(Factor.objects.filter(Q(is_active=True) | Q(pk__in=used)))


@dataclass
class CauseRow:
    """One cause on the page: its form, the saved cause at that position (with its
    improvement actions) and the service's messages about it."""

    number: int
    form: Any
    saved: Cause | None
    errors: list[str] = field(default_factory=list)
    can_delete: bool = False


def _cause_rows(formset: Any, evaluation: Evaluation | None, errors: dict[int, list[str]]) -> list[CauseRow]:
    saved = list(evaluation.causes.all()) if evaluation else []
    # A cause with improvement actions stays: removing it would cut them loose from it.
    rows = []
    for index, form in enumerate(formset.forms):
        cause = saved[index] if index < len(saved) else None
        rows.append(
            CauseRow(
                number=index + 1,
                form=form,
                saved=cause,
                errors=errors.get(index + 1, []),
                can_delete=cause is not None and not cause.actions.all(),
            )
        )
    return rows


def _split_errors(
    messages_: list[str], numbers: list[int]
) -> tuple[list[tuple[str, str]], dict[int, list[str]]]:
    """The service's messages for the summary, each with the place on the page it is
    about, and the messages per cause to show beside that cause. The service counts only
    the causes it was given; `numbers` holds the number on the page of each of them."""
    summary, per_cause = [], {}
    labels = [(n, _("Oorzaak %(number)s") % {"number": n}) for n in range(len(numbers), 0, -1)]
    for message in messages_:
        anchor = ""
        if message == _("Beschrijf wat er gebeurde."):
            anchor = "id_description"
        elif message == _("Noem minstens één directe of indirecte oorzaak."):
            anchor = "causes"
        else:
            # Highest number first, so "Oorzaak 1" does not claim "Oorzaak 12".
            for given, label in labels:
                if message.startswith(f"{label}:"):
                    shown = numbers[given - 1]
                    rest = message[len(label) + 1 :].strip()
                    message = _("Oorzaak %(number)s") % {"number": shown} + ": " + rest
                    anchor = f"cause-{shown}"
                    # Beside the cause itself its number goes without saying.
                    per_cause.setdefault(shown, []).append(rest[:1].upper() + rest[1:])
                    break
        summary.append((message, anchor))
    return summary, per_cause


def _form_errors(form: EvaluationForm, formset: Any) -> list[tuple[str, str]]:
    """The forms' own errors (input that could not be read) for the summary."""
    errors = [(str(error), "") for error in form.non_field_errors()]
    for bound in form.visible_fields():
        errors += [(str(error), bound.auto_id) for error in bound.errors]
    errors += [(str(error), "") for error in form["version"].errors]
    errors += [(str(error), "causes") for error in formset.non_form_errors()]
    for number, cause_form in enumerate(formset.forms, start=1):
        for bound in cause_form.visible_fields():
            for error in bound.errors:
                anchor = bound.auto_id + ("_0" if bound.widget_type == "radioselect" else "")
                message = _("Oorzaak %(number)s: %(error)s") % {"number": number, "error": error}
                errors.append((message, anchor))
    return errors


def _evaluation_step(incident: Incident) -> Step | None:
    return Step.objects.filter(incident=incident, kind=StepKind.EVALUATION).order_by("-pk").first()


def _render_evaluation(
    request: HttpRequest,
    incident: Incident,
    evaluation: Evaluation | None,
    *,
    form: EvaluationForm | None = None,
    formset: Any = None,
    service_errors: list[str] | None = None,
    stale: Evaluation | None = None,
    status: int = 200,
    added: int | None = None,
) -> HttpResponse:
    finished = evaluation is not None and evaluation.status == EvaluationStatus.FINAL
    context: dict[str, Any] = {
        "incident": incident,
        "evaluation": evaluation,
        "finished": finished,
        "step": _evaluation_step(incident),
        "can_choose_actions": can_keep_plan(request.user, incident.team_id),
        "action_add_url": reverse("learning:action_add"),
        "stale": stale,
    }
    if finished:
        return render(request, "learning/evaluation.html", context, status=status)

    if form is None:
        initial = (
            {
                "description": evaluation.description,
                "what_helped": evaluation.what_helped,
                "obstacles": evaluation.obstacles,
                "recurrence_risk": evaluation.recurrence_risk,
                "version": evaluation.version,
            }
            if evaluation
            else {"version": 0}
        )
        form = EvaluationForm(initial=initial)
    if formset is None:
        causes = [cause_initial(cause) for cause in evaluation.causes.all()] if evaluation else []
        # Without a cause yet, one empty cause form invites the first.
        formset_class = CauseFormSet if causes else FirstCauseFormSet
        formset = formset_class(
            prefix=CAUSE_PREFIX, initial=causes, form_kwargs={"factors": _factor_choices(evaluation)}
        )
    if added is not None:
        formset.forms[added - 1].fields["description"].widget.attrs["autofocus"] = True
    numbers = formset.kept_numbers() if service_errors else []
    summary, per_cause = _split_errors(service_errors or [], numbers)
    context.update(
        {
            "form": form,
            "formset": formset,
            "rows": _cause_rows(formset, evaluation, per_cause),
            "error_summary": _form_errors(form, formset) + summary,
            "added": added,
            "can_add_cause": len(formset.forms) < MAX_CAUSES,
            "factor_overview": [
                (label, [name for _pk, name in group])
                for label, group in formset.form_kwargs["factors"]
                if isinstance(group, list)
            ],
        }
    )
    return render(request, "learning/evaluation.html", context, status=status)


def _with_one_more_cause(data: QueryDict) -> tuple[QueryDict, int]:
    """The posted data with one more, empty, cause form (the "add a cause" button)."""
    data = data.copy()
    key = f"{CAUSE_PREFIX}-TOTAL_FORMS"
    total = max(0, parse_int(data.get(key), maximum=MAX_CAUSES) or 0)
    if total >= MAX_CAUSES:
        data[key] = str(MAX_CAUSES)
        return data, MAX_CAUSES - 1
    data[key] = str(total + 1)
    data[f"{CAUSE_PREFIX}-{total}-kind"] = str(CauseFormSet.form.base_fields["kind"].initial)
    return data, total


@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_evaluation_incident(request.user, pk)
    current = _evaluation_of(incident)
    if request.method == "GET":
        return _render_evaluation(request, incident, current)
    if current is not None and current.status == EvaluationStatus.FINAL:
        messages.error(request, FINISHED)
        return _render_evaluation(request, incident, current, status=409)

    data, added = request.POST, None
    if "add_cause" in request.POST:
        data, added = _with_one_more_cause(request.POST)
    factors = _factor_choices(current)
    form = EvaluationForm(data)
    formset = CauseFormSet(data, prefix=CAUSE_PREFIX, form_kwargs={"factors": factors})
    if added is not None:
        # Nothing is saved: the page comes back with what was typed and one empty cause more.
        form.is_valid()
        formset.is_valid()
        return _render_evaluation(request, incident, current, form=form, formset=formset, added=added + 1)

    finish = "finish" in request.POST
    if not (form.is_valid() and formset.is_valid()):
        return _render_evaluation(request, incident, current, form=form, formset=formset, status=400)
    try:
        services.evaluation_save(
            actor=request.user,
            incident=incident,
            description=form.cleaned_data["description"],
            what_helped=form.cleaned_data["what_helped"],
            obstacles=form.cleaned_data["obstacles"],
            recurrence_risk=form.cleaned_data["recurrence_risk"],
            causes=formset.cause_inputs(),
            finish=finish,
            expected_version=form.cleaned_data["version"],
        )
    except ConcurrentEditError:
        # Keep the input but carry the stored version, so saving again after a look works.
        stored = _evaluation_of(incident)
        if stored is not None and stored.status == EvaluationStatus.FINAL:
            messages.error(request, STALE)
            return _render_evaluation(request, incident, stored, status=409)
        data = data.copy()
        data["version"] = str(stored.version if stored else 0)
        form = EvaluationForm(data)
        form.is_valid()
        form.add_error(None, STALE)
        return _render_evaluation(
            request, incident, current, form=form, formset=formset, stale=stored, status=409
        )
    except ValidationError as error:
        return _render_evaluation(
            request,
            incident,
            current,
            form=form,
            formset=formset,
            service_errors=[str(message) for message in error.messages],
            status=400,
        )
    if finish:
        messages.success(
            request, _("De evaluatie is afgerond. Kies nu bij elke oorzaak met actie een verbeteractie.")
        )
    else:
        messages.success(request, _("De evaluatie is als concept opgeslagen."))
    return redirect("learning:evaluation", pk=incident.pk)


# --- The catalogue of actions ---------------------------------------------------------------


@dataclass
class PhaseGroup:
    phase: str
    label: str
    actions: list[CatalogueAction]


def _catalogue_groups(phase: str, addressee: str) -> list[PhaseGroup]:
    actions = CatalogueAction.objects.filter(is_active=True)
    if phase:
        actions = actions.filter(phase=phase)
    if addressee:
        actions = actions.filter(addressee=addressee)
    # The 37 of 002 by their number, the organisation's own after them.
    order = {value: position for position, value in enumerate(Phase.values)}
    listed = sorted(
        actions.order_by(F("number").asc(nulls_last=True), "title", "pk"),
        key=lambda action: order.get(action.phase, len(order)),
    )
    labels = dict(Phase.choices)
    return [
        PhaseGroup(phase=key, label=str(labels.get(key, key)), actions=list(items))
        for key, items in groupby(listed, key=lambda action: action.phase)
    ]


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def catalogue(request: HttpRequest) -> HttpResponse:
    """The actions after an incident (002) to choose from, by phase and addressee; the
    coordinator adds the organisation's own."""
    manages = can_manage_catalogue(request.user)
    forbid_unless(manages or can_read_plans(request.user))
    if request.method == "POST":
        forbid_unless(manages)
    filters = CatalogueFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    phase, addressee = chosen.get("fase", ""), chosen.get("voor", "")

    form = CatalogueActionForm(request.POST or None) if manages else None

    def page(status: int = 200) -> HttpResponse:
        context = {
            "filters": filters,
            "filtered": bool(phase or addressee),
            "groups": _catalogue_groups(phase, addressee),
            "form": form,
        }
        template = "learning/catalogue.html"
        if request.htmx and request.method == "GET":
            template += "#list"
        return render(request, template, context, status=status)

    if request.method == "POST" and form is not None:
        return submit(
            request,
            form,
            lambda d: services.catalogue_action_add(actor=request.user, **d),
            done=lambda action: redirect(f"{reverse('learning:catalogue')}#actie-{action.pk}"),
            page=page,
            success=lambda action: _("‘%(title)s’ staat nu in de catalogus.") % {"title": action.title},
        )
    return page()
