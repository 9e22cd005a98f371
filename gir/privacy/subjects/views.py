"""The pages of the rights of the person in the register: record a request, decide it,
the list with the terms, and the art. 15 overview as a PDF."""

import io
from collections.abc import Callable
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gir.core import clock
from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.core.pagination import CappedPaginator

from ..models import SubjectRequest
from ..policy import (
    access_subject_person,
    access_subject_request,
    can_handle_subject_requests,
    can_list_subject_requests,
)
from . import overview, selectors, services
from .forms import SubjectDecisionForm, SubjectExtendForm, SubjectRequestForm

PAGE_SIZE = 50


@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """Every request with its term, overdue ones marked. Who handles them sees the person
    and what is asked; the privacy officer sees the metadata only."""
    forbid_unless(can_list_subject_requests(request.user))
    open_only = request.GET.get("open") == "1"
    rows = selectors.subject_request_rows(request.user, open_only=open_only)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    today = clock.today()
    context = {
        "page": page,
        "rows": [(row, row.is_overdue(today)) for row in page],
        "open_only": open_only,
        "query": "open=1" if open_only else "",
        "can_handle": can_handle_subject_requests(request.user),
    }
    return render(request, "privacy/subjects/request_list.html", context)


@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = access_subject_person(request.user, pk)
    form = SubjectRequestForm(request.POST or None, initial={"received_on": clock.today()})

    def page(status: int) -> HttpResponse:
        return render(
            request, "privacy/subjects/request_form.html", {"form": form, "person": person}, status=status
        )

    if request.method == "GET":
        return page(200)
    return submit(
        request,
        form,
        lambda d: services.subject_request_record(
            actor=request.user,  # type: ignore[arg-type]  # logged in: the policy checked
            perpetrator=person,
            kind=d["kind"],
            received_on=d["received_on"],
            request=d["request"],
        ),
        done=lambda saved: redirect("perpetrators:detail", pk=person.pk),
        page=page,
        success=_("Het verzoek is vastgelegd. De termijn van een maand loopt vanaf de ontvangst."),
    )


@require_http_methods(["GET", "POST"])
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_subject_request(request.user, pk)
    form = SubjectDecisionForm(request.POST or None, initial=_decision_initial(record))
    page = _decide_page(request, record, form=form)

    if request.method == "GET":
        return page(200)
    return submit(
        request,
        form,
        lambda d: services.subject_request_decide(
            actor=request.user,  # type: ignore[arg-type]  # logged in: the policy checked
            subject_request=record,
            data=form.data_for_service(),
            version=d["version"],
        ),
        done=lambda saved: redirect("perpetrators:detail", pk=record.perpetrator_id),
        page=page,
        success=_("De beslissing is vastgelegd."),
    )


def _decision_initial(record: SubjectRequest) -> dict[str, Any]:
    return {
        "decision": record.decision,
        "decided_on": record.decided_on or clock.today(),
        "grounds": record.grounds,
        "version": record.version,
    }


def _decide_page(
    request: HttpRequest,
    record: SubjectRequest,
    *,
    form: SubjectDecisionForm | None = None,
    extend_form: SubjectExtendForm | None = None,
) -> Callable[[int], HttpResponse]:
    """The request's page (its decision form and, while it may, the form to extend the term)."""
    context = {
        "record": record,
        "form": form or SubjectDecisionForm(initial=_decision_initial(record)),
        "extend_form": extend_form or SubjectExtendForm(initial={"version": record.version}),
        "may_extend": not record.decision
        and not record.extended_on
        and clock.today() <= record.first_term_ends_on,
        "overdue": record.is_overdue(clock.today()),
    }
    return lambda status: render(request, "privacy/subjects/request_decide.html", context, status=status)


@require_POST
def request_extend(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_subject_request(request.user, pk)
    form = SubjectExtendForm(request.POST)
    return submit(
        request,
        form,
        lambda d: services.subject_request_extend(
            actor=request.user,  # type: ignore[arg-type]  # logged in: the policy checked
            subject_request=record,
            reason=d["extension_reason"],
            version=d["version"],
        ),
        done=lambda saved: redirect("privacy:subject_request_decide", pk=saved.pk),
        page=_decide_page(request, record, extend_form=form),
        success=lambda saved: (
            _("De termijn is verlengd tot %(date)s.") % {"date": f"{saved.due_on:%d-%m-%Y}"}
        ),
        field="extension_reason",
    )


@require_GET
def access_overview(request: HttpRequest, pk: int) -> FileResponse:
    """The art. 15 overview of one person as a PDF; making it is logged as a read."""
    person = access_subject_person(request.user, pk)
    services.subject_access_exported(actor=request.user, perpetrator=person)  # type: ignore[arg-type]
    data = overview.overview_pdf(overview.overview_of(person))
    name = f"inzage-avg-{person.pk}-{clock.today():%Y%m%d}.pdf"
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=name, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
