"""Every URL of the project, for every role and for an anonymous visitor, against a
declared access matrix (issue 3 §7). A URL missing from the matrix fails the test,
so every new page must say who may see it."""

import io
import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from conftest import PERSONAS
from gir.aftercare.tests import url_matrix as aftercare_matrix
from gir.damage.tests import url_matrix as damage_matrix
from gir.development.tests import url_matrix as development_matrix
from gir.duties.tests import url_matrix as duties_matrix
from gir.incidents.models import Evidence
from gir.learning.tests import url_matrix as learning_matrix
from gir.police.tests import url_matrix as police_matrix
from gir.protocol.constants import StepKind
from gir.protocol.models import ProtocolRule

ALL = frozenset(PERSONAS) | {"councillor"}
HANDLERS_OF_A = frozenset({"employee", "team_manager", "coordinator"})
ADMIN = frozenset({"administrator"})
ANONYMOUS = "anonymous"
STEP_WORKERS = frozenset({"team_manager", "coordinator", "aftercare"})

# url name (or route of an unnamed pattern) -> personas that reach the page.
# Object URLs point at incident_a: reported by "employee" in the team of "team_manager".
MATRIX: dict[str, frozenset[str]] = {
    "home:home": ALL,
    "accounts:login": ALL | {ANONYMOUS},
    "accounts:logout": ALL | {ANONYMOUS},
    "incidents:create": ALL,
    "incidents:mine": ALL,
    "incidents:handled": frozenset({"team_manager", "coordinator", "mayor", "clerk"}),
    "incidents:detail": HANDLERS_OF_A,
    "incidents:edit": HANDLERS_OF_A,
    "incidents:history": frozenset({"team_manager", "coordinator"}),
    "incidents:evidence_add": HANDLERS_OF_A,
    "incidents:evidence_download": HANDLERS_OF_A,
    # The protocol (issue 4). Step URLs point at an aftercare step of incident_a.
    "protocol:tasks": frozenset({"team_manager", "coordinator", "aftercare", "legal", "mayor", "clerk"}),
    "protocol:step": STEP_WORKERS,
    "protocol:step_complete": STEP_WORKERS,
    "protocol:step_waive": STEP_WORKERS,
    "protocol:close": frozenset({"team_manager", "coordinator"}),
    "protocol:reopen": frozenset(),  # incident_a is not closed: nobody can reopen it
    "protocol:assign": frozenset({"team_manager", "coordinator"}),
    "protocol:rules": frozenset({"coordinator"}),
    "protocol:rule_create": frozenset({"coordinator"}),
    "protocol:rule_edit": frozenset({"coordinator"}),
    # The reception desk (issue 5 item 7): check a visitor, the binder of bans, as HTML and PDF.
    "reception:check": frozenset({"reception", "coordinator"}),
    "reception:ban_list": frozenset({"reception", "coordinator"}),
    "reception:ban_list_pdf": frozenset({"reception", "coordinator"}),
    # The administrator's pages (Django admin), for users and organisation only.
    "admin:index": ADMIN,
    "admin:login": ADMIN,  # others are sent to GIR's own log-in or refused
    # Logs an administrator out; anyone else is sent to the admin index, which refuses them.
    "admin:logout": ALL | {ANONYMOUS},
    "admin:password_change": ADMIN,
    "admin:password_change_done": ADMIN,
    "admin:autocomplete": ADMIN,
    "admin:jsi18n": ADMIN,
    "admin:app_list": ADMIN,
    "admin:auth_user_password_change": ADMIN,  # the name Django gives any user model
    # No GIR object has a public page, so "view on site" leads nowhere, for anyone.
    "admin:view_on_site": frozenset(),
    "route:beheer/(?P<url>.*)$": frozenset(),  # unknown admin pages: 404 or log-in
    # Nobody adds or deletes background tasks by hand.
    "admin:django_tasks_database_dbtaskresult_add": frozenset(),
    "admin:django_tasks_database_dbtaskresult_delete": frozenset(),
}
# The model pages of the administrator, named and unnamed (the <object_id>/ redirects).
ADMIN_MODEL_URL = re.compile(
    r"^(admin:accounts_|route:beheer/accounts/)(user|organisationunit|location|functiongroup)"
    # The background task queue: the administrator may look, not change.
    r"|^(admin:django_tasks_database_|route:beheer/django_tasks_database/)dbtaskresult"
)
LOGOUTS = {"accounts:logout", "admin:logout"}
POST_ONLY = {
    "incidents:evidence_add",
    "protocol:step_complete",
    "protocol:step_waive",
    "protocol:close",
    "protocol:reopen",
} | LOGOUTS


# --- The perpetrator register and measures (issue 5 items 1-6, 8) -------------------------
# Person and measure URLs point at a person linked to incident_a with a proposed building
# ban (the person has no photo); the link URLs at incident_a. Coordinator and legal read the
# whole register, the team manager the people of team A's incidents, the mayor and the
# clerk those of restricted incidents; only the coordinator merges and withdraws.
REGISTER_OF_A = frozenset({"team_manager", "coordinator", "legal"})
MATRIX.update(
    {
        "perpetrators:list": frozenset({"team_manager", "coordinator", "legal", "mayor", "clerk"}),
        "perpetrators:create": frozenset({"coordinator", "legal"}),  # without ?melding=
        "perpetrators:duplicates": frozenset({"coordinator"}),
        "perpetrators:link": frozenset({"team_manager", "coordinator"}),
        "perpetrators:unlink": frozenset({"team_manager", "coordinator"}),
        "perpetrators:detail": REGISTER_OF_A,
        "perpetrators:edit": REGISTER_OF_A,
        "perpetrators:merge": frozenset({"coordinator"}),
        "perpetrators:photo": frozenset(),  # the person has no photo
        "perpetrators:measure_create": REGISTER_OF_A,
        "perpetrators:measure": REGISTER_OF_A,
        "perpetrators:measure_decide": REGISTER_OF_A,
        "perpetrators:measure_communicate": REGISTER_OF_A,
        "perpetrators:measure_plan_meeting": REGISTER_OF_A,
        "perpetrators:measure_record_meeting": REGISTER_OF_A,
        "perpetrators:objection_record": frozenset({"coordinator", "legal"}),
        "perpetrators:objection_decide": frozenset({"coordinator", "legal"}),
        "perpetrators:measure_withdraw": frozenset({"coordinator"}),
    }
)
POST_ONLY = POST_ONLY | {
    "perpetrators:unlink",
    "perpetrators:measure_decide",
    "perpetrators:measure_communicate",
    "perpetrators:measure_plan_meeting",
    "perpetrators:measure_record_meeting",
    "perpetrators:objection_record",
    "perpetrators:objection_decide",
    "perpetrators:measure_withdraw",
}
MEASURE_URLS = re.compile(r"^perpetrators:(measure|measure_(?!create).*|objection_.*)$")


def perpetrator_url_kwargs(key: str, world) -> dict[str, int]:
    """pk and incident_pk for the register's URLs; the person and measure are made once per test."""
    if not key.startswith("perpetrators:"):
        return {}
    from gir.perpetrators import services as register
    from gir.perpetrators.constants import MeasureKind
    from gir.perpetrators.models import Measure

    measure = Measure.objects.filter(perpetrator__full_name="Matrix Persoon").first()
    if measure is None:
        coordinator = world.users["coordinator"]
        person = register.perpetrator_save(
            actor=coordinator, data={"full_name": "Matrix Persoon"}, incident=world.incident_a
        )
        measure = register.measure_propose(
            actor=coordinator, perpetrator=person, kind=MeasureKind.BUILDING_BAN, incidents=[world.incident_a]
        )
    pk = measure.pk if MEASURE_URLS.match(key) else measure.perpetrator_id
    return {"pk": pk, "incident_pk": world.incident_a.pk}


# --- Letters (issue 5 item 6) ----------------------------------------------------------
# The library is the coordinator's. Issue, download and copy URLs point at a letter for a
# decided building ban of a person linked to incident_a: whoever may read that person.
LETTERS_OF_A = frozenset({"team_manager", "coordinator", "legal"})
MATRIX.update(
    {
        "letters:templates": frozenset({"coordinator"}),
        "letters:template_create": frozenset({"coordinator"}),
        "letters:template_edit": frozenset({"coordinator"}),
        "letters:template_preview": frozenset({"coordinator"}),
        "letters:issue": LETTERS_OF_A,
        "letters:pdf": LETTERS_OF_A,
        "letters:docx": LETTERS_OF_A,
        "letters:copy_done": LETTERS_OF_A,
    }
)
POST_ONLY = POST_ONLY | {"letters:template_preview", "letters:copy_done"}

# --- Trend dashboard (issue 7 item 1) ---------------------------------------------------
# The coordinator and directors over the organisation, a team manager over their teams.
MATRIX["reports:dashboard"] = frozenset({"team_manager", "coordinator", "director"})
# Downloads of the same figures; the case-level export and its file are the coordinator's.
TREND_READERS = frozenset({"team_manager", "coordinator", "director"})
MATRIX.update(
    {
        "reports:tables_xlsx": TREND_READERS,
        "reports:table_csv": TREND_READERS,
        "reports:quarterly_pdf": TREND_READERS,
        "reports:annual_pdf": TREND_READERS,
        "reports:case_export": frozenset({"coordinator"}),
        "reports:export": frozenset({"coordinator"}),
        "reports:export_download": frozenset({"coordinator"}),
    }
)
POST_ONLY = POST_ONLY | {"reports:case_export"}


def export_url_kwargs(key: str, world) -> dict[str, int]:
    """pk of the coordinator's finished export, made once per test."""
    if not key.startswith("reports:export"):
        return {}
    from django.core.files.base import ContentFile

    from gir.reports.constants import ExportStatus
    from gir.reports.models import Export

    export = Export.objects.filter(requested_by=world.users["coordinator"], status=ExportStatus.DONE).first()
    if export is None:
        export = Export.objects.create(
            requested_by=world.users["coordinator"],
            format="csv",
            filters={"start": "2026-01-01", "end": "2026-03-31", "unit": None},
            status=ExportStatus.DONE,
        )
        export.file.save("meldingen.csv", ContentFile(b"melding\n"))
    return {"pk": export.pk}


def letter_url_kwargs(key: str, world) -> dict[str, int]:
    """pk, measure_pk, letter_pk and copy_pk for the letters' URLs; made once per test."""
    if not key.startswith("letters:"):
        return {}
    from django.utils import timezone

    from gir.letters.models import Letter, LetterTemplate
    from gir.letters.services import Delivery, letter_issue
    from gir.perpetrators import services as register
    from gir.perpetrators.constants import Hearing, MeasureKind

    letter = Letter.objects.filter(measure__perpetrator__full_name="Matrix Brief").first()
    if letter is None:
        coordinator = world.users["coordinator"]
        person = register.perpetrator_save(
            actor=coordinator, data={"full_name": "Matrix Brief"}, incident=world.incident_a
        )
        ban = register.measure_propose(
            actor=coordinator, perpetrator=person, kind=MeasureKind.BUILDING_BAN, incidents=[world.incident_a]
        )
        today = timezone.localdate()
        ban = register.measure_decide(
            actor=coordinator,
            measure=ban,
            decided_by=world.users["mayor"],
            hearing=Hearing.NOT_HEARD,
            hearing_notes="Niet bereikbaar.",
            grounds="Bedreiging.",
            proportionality="Ernstig.",
            starts_on=today,
            ends_on=register.standard_ban_end(today),
        )
        letter = letter_issue(
            actor=coordinator,
            measure=ban,
            template=LetterTemplate.objects.get(code="toegangsverbod"),
            signed_by=world.users["mayor"],
            signatory_title="Burgemeester",
            delivery=Delivery.AT_MEETING,
        )
    return {
        "pk": letter.template_id,
        "measure_pk": letter.measure_id,
        "letter_pk": letter.pk,
        "copy_pk": letter.copies.first().pk,
    }


# --- Police, damage and aftercare (issue 6), learning (issue 8): declared in each app's
# tests/url_matrix.py.
APP_MATRICES = (
    police_matrix,
    damage_matrix,
    aftercare_matrix,
    learning_matrix,
    development_matrix,
    duties_matrix,
)
for _matrix in APP_MATRICES:
    MATRIX.update(_matrix.MATRIX)
    POST_ONLY = POST_ONLY | _matrix.POST_ONLY


# --- Import of existing registrations (issue 7 item 4): the coordinator's only. ---------
# Batch URLs point at an uploaded, unchecked batch: the report and the import send the
# coordinator back to the column mapping.
MATRIX.update(
    {
        "imports:upload": frozenset({"coordinator"}),
        "imports:example_xlsx": frozenset({"coordinator"}),
        "imports:example_csv": frozenset({"coordinator"}),
        "imports:detail": frozenset({"coordinator"}),
        "imports:mapping": frozenset({"coordinator"}),
        "imports:report": frozenset({"coordinator"}),
        "imports:start": frozenset({"coordinator"}),
    }
)
POST_ONLY = POST_ONLY | {"imports:start"}


def import_url_kwargs(key: str, world) -> dict[str, int]:
    """pk for the import's batch URLs; the batch is made once per test."""
    if not key.startswith("imports:"):
        return {}
    from gir.imports.models import ImportBatch

    batch = ImportBatch.objects.filter(original_name="matrix.csv").first()
    if batch is None:
        batch = ImportBatch.objects.create(
            uploaded_by=world.users["coordinator"], original_name="matrix.csv", kind="csv", sha256="0" * 64
        )
    return {"pk": batch.pk}


def walk(resolvers: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        else:
            key = f"{namespace}{entry.name}" if entry.name else f"route:{prefix}{entry.pattern}"
            yield key, entry


def expected_for(key: str) -> frozenset[str]:
    if key in MATRIX:
        return MATRIX[key]
    if ADMIN_MODEL_URL.match(key):
        return ADMIN
    raise AssertionError(f"URL {key!r} is not in the access matrix: declare who may see it.")


def all_url_keys() -> list[str]:
    return sorted({key for key, _ in walk(get_resolver().url_patterns)})


def test_every_url_is_declared():
    for key in all_url_keys():
        expected_for(key)


def build_url(key: str, pattern: URLPattern, world, evidence: Evidence) -> str:
    params = set(pattern.pattern.regex.groupindex)
    values = {
        "pk": world.incident_a.pk,
        "evidence_pk": evidence.pk,
        "object_id": str(world.users["employee"].pk),
        "id": str(world.users["employee"].pk),
        "app_label": "accounts",
        "content_type_id": 1,
        "url": "onbekend/",
    }
    if key.startswith("protocol:step"):
        values["pk"] = world.incident_a.steps.filter(kind=StepKind.AFTERCARE).first().pk
    if key == "protocol:rule_edit":
        values["pk"] = ProtocolRule.objects.first().pk
    values.update(perpetrator_url_kwargs(key, world))
    values.update(letter_url_kwargs(key, world))
    values.update(export_url_kwargs(key, world))
    values.update(import_url_kwargs(key, world))
    for _matrix in APP_MATRICES:
        values.update(_matrix.url_kwargs(key, world))
    kwargs = {name: values[name] for name in params}
    if key == "admin:autocomplete":
        return reverse(key) + "?app_label=accounts&model_name=organisationunit&field_name=parent"
    if not key.startswith("route:"):
        return reverse(key, kwargs=kwargs)
    route = key.removeprefix("route:").replace("(?P<url>.*)$", "onbekend/")
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


def reached(key: str, response) -> bool:
    """Did the request get through to the page (as opposed to being refused)?"""
    if key in LOGOUTS:  # logging out always ends with a redirect
        return response.status_code == 302
    if response.status_code in (403, 404):
        return False
    if response.status_code in (301, 302):
        refusals = (reverse("accounts:login"), reverse("admin:login"))
        return not response["Location"].startswith(refusals)
    return response.status_code < 500


@pytest.mark.parametrize("persona", sorted(ALL | {ANONYMOUS}))
def test_access_matrix(client, world, persona):
    evidence = Evidence.objects.create(
        incident=world.incident_a,
        original_name="foto.png",
        content_type="image/png",
        size=4,
        sha256="0" * 64,
        uploaded_by=world.users["employee"],
        file="evidence/test/foto",
    )
    evidence.file.storage.save("evidence/test/foto", io.BytesIO(b"\x89PNG"))
    if persona != ANONYMOUS:
        client.force_login(world.users[persona])
    mismatches = []
    for key, pattern in walk(get_resolver().url_patterns):
        url = build_url(key, pattern, world, evidence)
        method = client.post if key in POST_ONLY else client.get
        response = method(url)
        should_reach = persona in expected_for(key)
        if reached(key, response) != should_reach:
            mismatches.append(f"{key} {url}: {response.status_code}, expected reach={should_reach}")
        if persona != ANONYMOUS and key in LOGOUTS:
            client.force_login(world.users[persona])
    assert not mismatches, "\n".join(mismatches)


def test_refused_object_page_reveals_nothing(client, world):
    client.force_login(world.users["employee_b"])
    for name in ("incidents:detail", "incidents:edit", "incidents:history"):
        response = client.get(reverse(name, args=[world.incident_a.pk]))
        body = response.content.decode()
        assert response.status_code == 404
        assert world.incident_a.reference not in body
        assert world.incident_a.description not in body
        assert world.users["employee"].last_name not in body
    missing = client.get(reverse("incidents:detail", args=[999999]))
    assert missing.status_code == 404
