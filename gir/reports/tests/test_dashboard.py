"""The dashboard page (issue 7 items 1 and 2): who reaches it, what each reader sees,
that no small number reaches a suppressed reader, bad input, and the click-through
to the work list."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlparse

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from gir.accounts.models import FunctionGroup, Location
from gir.core.clock import AMSTERDAM
from gir.incidents.constants import BehaviourKind, EscalationLevel, Setting
from gir.incidents.models import Incident
from gir.protocol.tests.helpers import report
from gir.reports import tallies
from gir.reports.figures import Period
from gir.reports.tests.helpers import counted, incidents_so_far_at

URL = reverse("reports:dashboard")
SEPTEMBER = {"van": "2026-09", "tot": "2026-09"}
Q3 = {"van": "2026-07", "tot": "2026-09"}
# The work list filters by days.
SEPTEMBER_DAYS = {"van": "2026-09-01", "tot": "2026-09-30"}
SVG = "{http://www.w3.org/2000/svg}"


def _at(day: int, hour: int = 10, month: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=AMSTERDAM)


def _incidents(world, count: int, *, reporter: str = "employee", day: int = 5, **facts) -> list[Incident]:
    return [report(world.users[reporter], occurred_at=_at(day), **facts) for _ in range(count)]


def _page(client, world, persona: str, params=None, *, status: int = 200) -> str:
    counted()  # the worker has counted the changes by the time the page is read
    client.force_login(world.users[persona])
    response = client.get(URL, params or SEPTEMBER)
    assert response.status_code == status
    return response.content.decode()


def _section(html: str, key: str) -> str:
    start = html.index(f'id="section-{key}"')
    return html[start : html.index("</section>", start)]


def _row(section: str, label: str) -> str:
    """The table row of one label: its header and cells."""
    start = section.index(f'<th scope="row">{label}</th>')
    return section[start : section.index("</tr>", start)]


def _chart(section: str) -> ET.Element:
    markup = section[section.index("<svg") : section.index("</svg>") + len("</svg>")]
    return ET.fromstring(markup)  # noqa: S314 -- our own markup


def _chart_row_texts(chart: ET.Element, label: str) -> list[str]:
    for group in chart.iter(f"{SVG}g"):
        texts = [text.text for text in group.iter(f"{SVG}text")]
        if texts and texts[0] == label:
            return texts[1:]
    raise AssertionError(f"no row {label}")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("director", 200),
        ("team_manager", 200),
        ("employee", 403),
        ("aftercare", 403),
        ("reception", 403),
        ("legal", 403),
        ("administrator", 403),
    ],
)
def test_who_reaches_the_dashboard(client, world, persona, status):
    client.force_login(world.users[persona])
    assert client.get(URL).status_code == status


def test_menu_offers_the_dashboard_to_its_readers_only(client, world):
    client.force_login(world.users["director"])
    assert URL in client.get(reverse("home:home")).content.decode()
    client.force_login(world.users["employee"])
    assert URL not in client.get(reverse("home:home")).content.decode()


def test_default_period_is_the_current_quarter(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    period = form.period()
    assert period == Period.quarter_of(form.today)


def test_director_never_sees_a_small_number(client, world):
    incidents_so_far_at(dt.datetime(2026, 11, 20, 10, tzinfo=AMSTERDAM))  # the world's three: Q4
    _incidents(world, 3, setting=Setting.PHONE)
    _incidents(world, 7, setting=Setting.COUNTER)
    html = _page(client, world, "director", Q3)
    setting = _section(html, "setting")
    # The small cell is hidden; with the total shown, the other is hidden too: one symbol.
    phone, counter = _row(setting, "Telefoon"), _row(setting, "Balie of receptie")
    assert "*" in phone and not re.search(r">\s*3\s*<", phone)
    assert "*" in counter and not re.search(r">\s*7\s*<", counter)
    chart = _chart(setting)
    assert _chart_row_texts(chart, "Telefoon")[0] == "*"
    assert _chart_row_texts(chart, "Balie of receptie")[0] == "*"
    assert "Telefoon: *" in setting and "Telefoon: 3" not in setting and "&lt;5" not in html
    # Hidden cells are drawn at one fixed size, not at their real one.
    hatched = {rect.get("width") for rect in chart.iter(f"{SVG}rect") if "hatch" in (rect.get("fill") or "")}
    assert hatched == {"28"}
    # The year's total is shown and the world's incidents are three in Q4: Q3, which is
    # September alone, is hidden with it, or 13 - 10 would give the three back.
    assert "*" in _row(_section(html, "month"), "sep 2026")
    # No link to any incident for a reader without case access.
    assert reverse("incidents:handled") not in html


def test_director_year_does_not_give_back_a_hidden_quarter(client, world):
    _incidents(world, 3, day=5)  # September
    report(world.users["employee"], occurred_at=_at(5, month=8))  # an August incident
    for _ in range(6):
        report(world.users["employee"], occurred_at=_at(5, month=10))
    html = _page(client, world, "director", {"van": "2026-01", "tot": "2026-12"})
    quarters = _section(html, "quarter")
    # Q3 holds 4: hidden, and so is Q4, or the year's total minus Q1, Q2 and Q4 gives it.
    assert "*" in _row(quarters, "K3 2026") and "*" in _row(quarters, "K4 2026")
    assert "K3 2026: *" in quarters
    assert "*" in _row(_section(html, "month"), "sep 2026")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"van": "2026-08", "tot": "2026-10"}, "Kies een heel kwartaal"),
        ({"van": "2026-07", "tot": "2026-07"}, "Kies een heel kwartaal"),
        ({"van": "2026-07", "tot": "2026-09", "afdeling": "1"}, "een afdeling of team kiezen kan niet"),
    ],
)
def test_director_asks_for_a_calendar_quarter_or_year_of_everything(client, world, params, message):
    html = _page(client, world, "director", params, status=400)
    assert message in html
    assert 'name="van" value="' + params["van"] in html  # the form keeps what was typed


def test_director_filter_has_no_unit_choice(client, world):
    client.force_login(world.users["director"])
    response = client.get(URL, Q3)
    assert response.status_code == 200 and "afdeling" not in response.context["form"].fields
    for params in ({"van": "2026-01", "tot": "2026-12"}, {"van": "2026-10", "tot": "2026-12"}):
        assert client.get(URL, params).status_code == 200


def test_coordinator_sees_real_numbers_and_links(client, world):
    _incidents(world, 3, setting=Setting.PHONE)
    _incidents(world, 7, setting=Setting.COUNTER)
    html = _page(client, world, "coordinator")
    setting = _section(html, "setting")
    phone = _row(setting, "Telefoon")
    assert ">3</a>" in phone
    link = re.search(r'href="([^"]+)"', phone).group(1).replace("&amp;", "&")
    query = parse_qs(urlparse(link).query)
    assert urlparse(link).path == reverse("incidents:handled")
    assert query == {"status": ["all"], "van": ["2026-09-01"], "tot": ["2026-09-30"], "situatie": ["phone"]}
    assert _chart_row_texts(_chart(setting), "Telefoon")[0] == "3"


def test_team_manager_sees_only_their_teams(client, world):
    _incidents(world, 2)  # team A
    _incidents(world, 4, reporter="employee_b")  # team B
    Incident.objects.filter(pk=world.restricted.pk).update(team=world.team_a, occurred_at=_at(6))
    tallies.rebuild()  # the update went past the services that mark what changed
    client.force_login(world.users["team_manager"])
    response = client.get(URL, SEPTEMBER)
    assert response.context["page"].dashboard.total_count == 2
    client.force_login(world.users["coordinator"])
    assert client.get(URL, SEPTEMBER).context["page"].dashboard.total_count == 7
    # Their own team as a filter is fine; another team is refused without saying whether it exists.
    assert _page(client, world, "team_manager", {**SEPTEMBER, "afdeling": world.team_a.pk})
    for pk in (world.team_b.pk, 999999):
        html = _page(client, world, "team_manager", {**SEPTEMBER, "afdeling": pk}, status=400)
        assert "U kunt geen cijfers van deze afdeling zien." in html


def test_bad_period_is_refused_with_a_message(client, world):
    html = _page(client, world, "coordinator", {"van": "2026-10", "tot": "2026-09"}, status=400)
    assert "De laatste maand ligt voor de eerste" in html
    html = _page(client, world, "coordinator", {"van": "2020-01", "tot": "2026-01"}, status=400)
    assert "drie jaar" in html
    html = _page(client, world, "coordinator", {"van": "2026-13"}, status=400)
    assert "jaar-maand" in html
    # Month-year and a day in the month are understood as well.
    assert _page(client, world, "coordinator", {"van": "9-2026", "tot": "30-9-2026"})


@pytest.mark.parametrize("persona", ["coordinator", "director"])
def test_query_count_does_not_grow_with_the_incidents(client, world, persona):
    client.force_login(world.users[persona])
    _incidents(world, 3, setting=Setting.PHONE)
    counted()
    client.get(URL, SEPTEMBER)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, SEPTEMBER)
    _incidents(world, 3, setting=Setting.PHONE)
    _incidents(world, 6, setting=Setting.COUNTER, reporter="employee_b")
    counted()  # what the worker does between the two page views
    with CaptureQueriesContext(connection) as many:
        client.get(URL, SEPTEMBER)
    assert len(few) == len(many)


def _worklist(client, world, **params) -> set[int]:
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("incidents:handled"), {"status": "all", **params})
    assert response.status_code == 200
    return {incident.pk for incident in response.context["incidents"]}


def test_worklist_click_through_filters(client, world):
    location = Location.objects.get(name="Stadskantoor")
    group = FunctionGroup.objects.order_by("pk").first()
    world.users["employee_b"].function_group = group
    world.users["employee_b"].save(update_fields=["function_group"])
    phone = _incidents(world, 2, setting=Setting.PHONE, location=location)
    threat = report(
        world.users["employee_b"],
        occurred_at=_at(30, 23),
        behaviours=(BehaviourKind.THREAT,),
        escalation_level=EscalationLevel.D,
    )
    october = report(world.users["employee"], occurred_at=_at(1, 0, month=10))
    assert _worklist(client, world, **SEPTEMBER_DAYS, situatie="phone") == {i.pk for i in phone}
    assert _worklist(client, world, **SEPTEMBER_DAYS, locatie=location.pk) == {i.pk for i in phone}
    assert _worklist(client, world, **SEPTEMBER_DAYS, gedrag="threat") == {threat.pk}
    assert _worklist(client, world, **SEPTEMBER_DAYS, ernst="D") == {threat.pk}
    assert _worklist(client, world, **SEPTEMBER_DAYS, functiegroep=group.pk) == {threat.pk}
    assert _worklist(client, world, **SEPTEMBER_DAYS, unit=world.team_b.pk) == {threat.pk}
    # Amsterdam days: 30 September 23:00 is in September, 1 October 00:00 is not.
    assert _worklist(client, world, **SEPTEMBER_DAYS) == {i.pk for i in phone} | {threat.pk}
    assert _worklist(client, world, van="2026-10-01", tot="2026-10-01") == {october.pk}
    # A value that does not clean drops that filter only.
    assert _worklist(client, world, **SEPTEMBER_DAYS, situatie="nonsense") == {i.pk for i in phone} | {
        threat.pk
    }


def test_dashboard_links_lead_to_the_counted_incidents(client, world):
    phone = _incidents(world, 3, setting=Setting.PHONE)
    _incidents(world, 2, setting=Setting.COUNTER, reporter="employee_b")
    html = _page(client, world, "coordinator", {**SEPTEMBER, "afdeling": world.team_a.pk})
    for key, label in (("setting", "Telefoon"), ("month", "sep 2026")):
        row = _row(_section(html, key), label)
        link = re.search(r'href="([^"]+)"', row).group(1).replace("&amp;", "&")
        client.force_login(world.users["coordinator"])
        response = client.get(link)
        assert {incident.pk for incident in response.context["incidents"]} == {i.pk for i in phone}


NOTICE = "De cijfers worden bijgewerkt."


def _mark_every_month_and_team(months: int) -> None:
    """What an import or a merge leaves behind: many months of every team marked."""
    from gir.accounts.models import OrganisationUnit

    teams = [None, *OrganisationUnit.objects.values_list("pk", flat=True)]
    tallies.mark_slots(
        (dt.date(2026, month, 1), team, restricted)
        for month in range(12 - months + 1, 13)
        for team in teams
        for restricted in (False, True)
    )


def test_the_page_never_counts_and_says_when_figures_are_being_updated(client, world):
    """Issue 18 item 3: after an import marked 12 months × every team, the page took 54 s
    and was killed by the server. Now the page reads the counts as they are, in the same
    queries however much is marked, says that figures are being updated, and leaves the
    marks to the worker."""
    from gir.reports.models import StaleFigures

    _incidents(world, 3, setting=Setting.PHONE)
    counted()
    client.force_login(world.users["coordinator"])
    client.get(URL, SEPTEMBER)  # warm caches
    with CaptureQueriesContext(connection) as calm:
        html = client.get(URL, SEPTEMBER).content.decode()
    assert NOTICE not in html
    before = client.get(URL, SEPTEMBER).context["page"].dashboard.total_count
    _incidents(world, 2, setting=Setting.PHONE)  # marks September, not yet counted
    with CaptureQueriesContext(connection) as one_mark:
        response = client.get(URL, SEPTEMBER)
    html = response.content.decode()
    assert NOTICE in html
    assert response.context["page"].dashboard.total_count == before  # as last counted
    _mark_every_month_and_team(12)
    marks = StaleFigures.objects.count()
    with CaptureQueriesContext(connection) as many_marks:
        html = client.get(URL, SEPTEMBER).content.decode()
    assert NOTICE in html
    assert len(calm) == len(one_mark) == len(many_marks)
    assert StaleFigures.objects.count() == marks  # nothing counted in the request
    assert not [q for q in many_marks.captured_queries if "DELETE" in q["sql"] or "INSERT" in q["sql"]]
    counted()
    html = client.get(URL, SEPTEMBER).content.decode()
    assert NOTICE not in html
    assert client.get(URL, SEPTEMBER).context["page"].dashboard.total_count == before + 2


@pytest.mark.django_db(transaction=True)
def test_a_mark_queues_one_count_when_its_transaction_commits():
    """A change queues the count task on commit, once per transaction; the immediate
    backend of the tests runs it at once, so the marks go without a page counting."""
    from django.db import transaction

    from gir.reports.models import StaleFigures

    with transaction.atomic():
        tallies.mark_slots([(dt.date(2026, 9, 1), None, False)])
        tallies.mark_slots([(dt.date(2026, 8, 1), None, True)])
        queued = [entry for entry in connection.run_on_commit if entry[1] is tallies._enqueue_count]
        assert len(queued) == 1 and StaleFigures.objects.count() == 2
    assert not StaleFigures.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_no_second_count_task_waits_in_the_queue():
    """With the database queue, a mark does not add a count task while one still waits."""
    from django.db import transaction
    from django.test import override_settings

    from django_tasks_db.models import DBTaskResult

    from gir.reports.models import StaleFigures
    from gir.reports.tasks import count_changed_figures

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        for month in (7, 8, 9):
            with transaction.atomic():
                tallies.mark_slots([(dt.date(2026, month, 1), None, False)])
    waiting = DBTaskResult.objects.filter(task_path=count_changed_figures.module_path, status="READY")
    assert waiting.count() == 1 and StaleFigures.objects.count() == 3
