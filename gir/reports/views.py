from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gir.core import clock
from gir.core.http import forbid_unless

from . import sections
from .figures import build
from .forms import DashboardFilterForm
from .policy import (
    can_export_cases,
    can_view_dashboard,
    dashboard_has_case_access,
    dashboard_scope,
    dashboard_units,
)


def dashboard(request: HttpRequest) -> HttpResponse:
    """The trend dashboard (DESIGN §2.7): the figures of a period and unit against the
    period before, suppressed for readers without case access (001 §1.2, §4.3)."""
    user = request.user
    forbid_unless(can_view_dashboard(user))
    suppress = not dashboard_has_case_access(user)
    form = DashboardFilterForm(
        request.GET or None, units=dashboard_units(user), today=clock.today(), suppressed=suppress
    )
    if form.is_bound and not form.is_valid():
        return render(request, "reports/dashboard.html", {"form": form}, status=400)
    unit = form.unit()
    figures = build(dashboard_scope(user), form.period(), unit, suppress=suppress)
    context = {
        "form": form,
        "page": sections.page(figures, unit),
        "unit": unit,
        "can_export_cases": can_export_cases(user),
    }
    return render(request, "reports/dashboard.html", context)
