"""The annual policy evaluation pages: the coordinator saves a draft and finishes it once
every point is discussed and the safety-culture level chosen, which completes the
calendar's policy-evaluation task; directors read it and cannot write."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

import pytest

from gir.duties.constants import DutyRecord, EvaluationStatus, SafetyCulture, TaskStatus
from gir.duties.models import ChecklistItem, Duty, PolicyEvaluation
from gir.duties.services import tasks_plan

from .helpers import in_days

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
URL = reverse("duties:policy_evaluation", args=[YEAR])
LIST = reverse("duties:policy_evaluations")


def evaluation_data(*, done=True, **changes):
    data = {"culture_level": "", "culture_notes": "", "conclusions": "", "version": ""}
    for pk in ChecklistItem.objects.values_list("pk", flat=True):
        if done:
            data[f"item_{pk}_done"] = "on"
        data[f"item_{pk}_notes"] = ""
    return {**data, **changes}


@pytest.fixture
def evaluation_task(world):
    duty = Duty.objects.get(record=DutyRecord.POLICY_EVALUATION)
    duty.owner, duty.first_due_on = world.users["coordinator"], in_days(10)
    duty.save(update_fields=["owner", "first_due_on"])
    tasks_plan()
    return duty.tasks.get()


def test_page_shows_checklist_levels_and_figures(client, world):
    client.force_login(world.users["coordinator"])
    content = client.get(URL).content.decode()
    for item in ChecklistItem.objects.filter(is_active=True):
        assert escape(item.text) in content
    for level in SafetyCulture:
        assert str(level.label) in content
    assert "Gegevens uit GIR" in content
    assert f"van={YEAR}-01" in content and reverse("reports:dashboard") in content
    assert "Afronden" in content and "<legend>" in content


def test_coordinator_saves_a_draft_then_finishes(client, world, evaluation_task):
    client.force_login(world.users["coordinator"])
    response = client.post(URL, evaluation_data(done=False, conclusions="Eerste aanzet.", opslaan=""))
    assert response.status_code == 302
    evaluation = PolicyEvaluation.objects.get(year=YEAR)
    assert evaluation.status == EvaluationStatus.DRAFT
    refused = client.post(
        URL, evaluation_data(conclusions="Eerste aanzet.", version=evaluation.version, afronden="")
    )
    content = refused.content.decode()
    assert refused.status_code == 400
    assert "vijf niveaus van veiligheidscultuur" in content
    assert "Eerste aanzet." in content  # nothing typed lost
    finished = client.post(
        URL,
        evaluation_data(
            culture_level=str(SafetyCulture.PROACTIVE),
            conclusions="Nazorg kan sneller.",
            version=evaluation.version,
            afronden="",
        ),
    )
    assert finished.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.FINAL
    assert evaluation.culture_level == SafetyCulture.PROACTIVE
    evaluation_task.refresh_from_db()
    assert evaluation_task.status == TaskStatus.DONE
    page = client.get(URL).content.decode()
    assert "Afronden" not in page and "(hier staat de organisatie)" in page
    assert "Taken op tijd gedaan" in page


def test_finish_needs_every_point(client, world):
    client.force_login(world.users["coordinator"])
    data = evaluation_data(done=False, culture_level="3", conclusions="Klaar.", afronden="")
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "vink aan dat het besproken is" in response.content.decode()
    assert not PolicyEvaluation.objects.exists()


def test_stale_save_is_refused(client, world):
    client.force_login(world.users["coordinator"])
    client.post(URL, evaluation_data(done=False, opslaan=""))
    evaluation = PolicyEvaluation.objects.get(year=YEAR)
    response = client.post(URL, evaluation_data(done=False, version=evaluation.version + 1, opslaan=""))
    assert response.status_code == 409


def test_director_reads_but_cannot_write(client, world):
    client.force_login(world.users["coordinator"])
    client.post(URL, evaluation_data(done=False, conclusions="Concept van de coördinator.", opslaan=""))
    client.force_login(world.users["director"])
    page = client.get(URL).content.decode()
    assert "Concept van de coördinator." in page
    assert "Afronden" not in page
    assert client.post(URL, evaluation_data(conclusions="Van de directeur.", opslaan="")).status_code == 403
    assert PolicyEvaluation.objects.get().conclusions == "Concept van de coördinator."
    listing = client.get(LIST).content.decode()
    assert "beginnen" not in listing and URL in listing


def test_years_out_of_range_are_not_found(client, world):
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("duties:policy_evaluation", args=[1990])).status_code == 404
    assert client.get(reverse("duties:policy_evaluation", args=[YEAR + 2])).status_code == 404


def test_figures_are_one_query(client, world, evaluation_task):
    client.force_login(world.users["director"])
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert sum("COUNT(" in q["sql"].upper() for q in queries.captured_queries) == 1
