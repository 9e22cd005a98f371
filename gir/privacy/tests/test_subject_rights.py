"""The rights of the person in the register (issue 19 item 5): their requests with the
statutory term, the art. 15 overview as a PDF without employees' names, and who may do
what."""

import datetime as dt
import io
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from pypdf import PdfReader

from gir.audit.models import AuditAction, AuditEvent
from gir.core import clock
from gir.incidents.constants import BehaviourKind
from gir.incidents.models import IncidentBehaviour, Victim
from gir.incidents.tests.factories import IncidentFactory
from gir.letters.models import LetterTemplate
from gir.letters.services import Delivery, letter_issue
from gir.perpetrators import services as register
from gir.perpetrators.constants import Hearing, MeasureKind
from gir.perpetrators.reception import PersonAtDesk, reception_check_log
from gir.perpetrators.services import perpetrator_forget
from gir.perpetrators.tests.factories import PerpetratorFactory
from gir.privacy.models import SubjectRequest
from gir.privacy.subjects.overview import overview_of, overview_pdf
from gir.privacy.subjects.services import subject_request_decide, subject_request_record

MARK = "Mrkr"  # every employee's last name carries it; none may reach the overview


@pytest.fixture
def person(world):
    return register.perpetrator_save(
        actor=world.users["coordinator"],
        data={"full_name": "Karel Betrokkene", "address": "Dorpsstraat 1\n1234 AB Voorbeeldstad"},
        incident=world.incident_a,
    )


def record(world, person, *, received_on=None, kind="rectification"):
    return subject_request_record(
        actor=world.users["coordinator"],
        perpetrator=person,
        kind=kind,
        received_on=received_on or clock.today(),
        request="Mijn geboortedatum klopt niet.",
    )


def pdf_text(response) -> str:
    data = b"".join(response.streaming_content)
    # One space for every run of white space: table cells wrap their words over lines.
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


# --- The term ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 1, 15), dt.date(2026, 2, 15)),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (dt.date(2026, 12, 20), dt.date(2027, 1, 20)),
    ],
)
def test_the_term_is_one_month_after_receipt(received, due):
    assert SubjectRequest(received_on=received).due_on == due


def test_an_extended_term_ends_three_months_after_receipt():
    extended = SubjectRequest(received_on=dt.date(2026, 1, 31), extended_on=dt.date(2026, 2, 10))
    assert (extended.first_term_ends_on, extended.due_on) == (dt.date(2026, 2, 28), dt.date(2026, 4, 30))


def test_a_request_past_its_term_is_marked_on_the_list_and_on_the_person(client, world, person):
    today = clock.today()
    late = record(world, person, received_on=today - dt.timedelta(days=40))
    fresh = record(world, person, received_on=today)
    decided = record(world, person, received_on=today - dt.timedelta(days=60))
    subject_request_decide(
        actor=world.users["legal"],
        subject_request=decided,
        data={"decision": "granted", "decided_on": today - dt.timedelta(days=50), "grounds": ""},
        version=decided.version,
    )
    client.force_login(world.users["legal"])
    response = client.get(reverse("privacy:subject_requests"))
    overdue = {row.pk: flag for row, flag in response.context["rows"]}
    assert overdue == {late.pk: True, fresh.pk: False, decided.pk: False}
    assert [row.pk for row, _flag in response.context["rows"]] == [late.pk, fresh.pk, decided.pk]
    assert response.content.decode().count("Te laat") == 1
    page = client.get(reverse("perpetrators:detail", args=[person.pk])).content.decode()
    assert "Verzoeken over persoonsgegevens" in page
    assert page.count("Te laat") == 1


def test_the_privacy_officer_sees_the_terms_not_the_person_or_the_request(client, world, person):
    record(world, person, received_on=clock.today() - dt.timedelta(days=40))
    client.force_login(world.users["privacy_officer"])
    page = client.get(reverse("privacy:subject_requests")).content.decode()
    assert "Correctie (AVG art. 16)" in page
    assert "Te laat" in page
    assert "Karel Betrokkene" not in page
    assert "geboortedatum klopt niet" not in page
    assert reverse("perpetrators:detail", args=[person.pk]) not in page


def test_the_list_costs_the_same_queries_at_n_and_2n_rows(client, world):
    def make(count):
        for _ in range(count):
            record(world, PerpetratorFactory(incidents=[world.incident_a]))

    client.force_login(world.users["coordinator"])
    url = reverse("privacy:subject_requests")
    make(3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make(3)
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)
    assert len(response.context["rows"]) == 7 - 1  # six requests
    assert len(more) == len(few)


# --- Recording and deciding ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "legal"])
def test_coordinator_and_legal_record_and_decide_a_request(client, world, person, persona):
    client.force_login(world.users[persona])
    response = client.post(
        reverse("privacy:subject_request_create", args=[person.pk]),
        {
            "kind": "objection",
            "received_on": "01-12-2026",
            "request": "Ik maak bezwaar tegen de registratie.",
        },
    )
    assert response.status_code == 302
    made = SubjectRequest.objects.get(perpetrator=person)
    assert (made.kind, made.received_on, made.recorded_by) == (
        "objection",
        dt.date(2026, 12, 1),
        world.users[persona],
    )
    response = client.post(
        reverse("privacy:subject_request_decide", args=[made.pk]),
        {
            "decision": "refused",
            "decided_on": "02-12-2026",
            "grounds": "Het register is nodig.",
            "version": "1",
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.decision, made.decided_by, made.version) == ("refused", world.users[persona], 2)
    actions = list(
        AuditEvent.objects.filter(target_type="privacy.subjectrequest", target_id=str(made.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [AuditAction.CREATED, AuditAction.UPDATED]


def test_a_refusal_without_grounds_is_refused_and_keeps_what_was_typed(client, world, person):
    made = record(world, person)
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("privacy:subject_request_decide", args=[made.pk]),
        {"decision": "partly", "decided_on": "02-12-2026", "grounds": " ", "version": "1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Schrijf op waarom het verzoek (deels) is afgewezen." in page
    assert re.search(r'value="partly"[^>]*checked', page)
    made.refresh_from_db()
    assert made.decision == ""


def test_a_date_in_the_future_is_refused_with_a_clear_message(client, world, person):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("privacy:subject_request_create", args=[person.pk]),
        {"kind": "access", "received_on": "01-01-2030", "request": "Inzage in alles."},
    )
    assert response.status_code == 400
    assert "De datum van ontvangst ligt in de toekomst." in response.content.decode()
    assert "Inzage in alles." in response.content.decode()
    assert not SubjectRequest.objects.exists()


def test_a_stale_decision_is_refused(client, world, person):
    made = record(world, person)
    subject_request_decide(
        actor=world.users["legal"],
        subject_request=made,
        data={"decision": "granted", "decided_on": clock.today(), "grounds": ""},
        version=1,
    )
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("privacy:subject_request_decide", args=[made.pk]),
        {"decision": "refused", "decided_on": "02-12-2026", "grounds": "Nee.", "version": "1"},
    )
    assert response.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    made.refresh_from_db()
    assert made.decision == "granted"


@pytest.mark.parametrize("persona", ["reception", "aftercare", "employee", "director", "team_manager"])
def test_other_roles_reach_none_of_it(client, world, person, persona):
    made = record(world, person)
    client.force_login(world.users[persona])
    for url in (
        reverse("privacy:subject_requests"),
        reverse("privacy:subject_request_create", args=[person.pk]),
        reverse("privacy:subject_request_decide", args=[made.pk]),
        reverse("privacy:subject_access_pdf", args=[person.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(
        reverse("privacy:subject_request_create", args=[person.pk]),
        {"kind": "access", "received_on": "01-12-2026", "request": "x"},
    ).status_code in (403, 404)
    assert SubjectRequest.objects.count() == 1


def test_the_privacy_officer_cannot_open_a_request_or_the_overview(client, world, person):
    made = record(world, person)
    client.force_login(world.users["privacy_officer"])
    assert client.get(reverse("privacy:subject_request_decide", args=[made.pk])).status_code == 404
    assert client.get(reverse("privacy:subject_access_pdf", args=[person.pk])).status_code == 404


def test_the_person_page_shows_the_requests_only_to_who_handles_them(client, world, person):
    record(world, person)
    client.force_login(world.users["team_manager"])
    page = client.get(reverse("perpetrators:detail", args=[person.pk])).content.decode()
    assert "Verzoeken over persoonsgegevens" not in page
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("perpetrators:detail", args=[person.pk])).content.decode()
    assert "Verzoeken over persoonsgegevens" in page
    assert reverse("privacy:subject_access_pdf", args=[person.pk]) in page


# --- The art. 15 overview -------------------------------------------------------------------


@pytest.fixture
def full_file(world, person):
    """A person with everything GIR can hold about them, in a world where every employee's
    name carries the marker."""
    for name, user in world.users.items():
        user.first_name, user.last_name = "Anne", f"{MARK}{name.replace('_', '').title()}"
        user.save(update_fields=["first_name", "last_name"])
    Victim.objects.create(incident=world.incident_a, name=f"Bert {MARK}Buiten", kind="other")
    IncidentBehaviour.objects.get_or_create(incident=world.incident_a, kind=BehaviourKind.THREAT)
    coordinator = world.users["coordinator"]
    register.perpetrator_save(
        actor=coordinator,
        data={
            "full_name": "Karel Betrokkene",
            "address": "Dorpsstraat 1",
            "description": f"Lang, rode jas. Sprak Bert {MARK}Buiten aan.",
        },
        perpetrator=person,
        version=person.version,
    )
    ban = register.measure_propose(
        actor=coordinator, perpetrator=person, kind=MeasureKind.BUILDING_BAN, incidents=[world.incident_a]
    )
    today = clock.today()
    ban = register.measure_decide(
        actor=coordinator,
        measure=ban,
        decided_by=world.users["mayor"],
        hearing=Hearing.HEARD,
        hearing_notes=f"Gehoord door Anne {MARK}Coordinator.",
        grounds=f"U bedreigde medewerker Anne {MARK}Employee aan de balie.",
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
        delivery=Delivery.BY_POST,
    )
    register.objection_record(actor=coordinator, measure=ban, received_on=today, grounds="Niet eens.")
    register.perpetrator_read_log(actor=world.users["legal"], perpetrator=person)
    client = Client()
    client.force_login(world.users["team_manager"])
    assert client.get(reverse("letters:pdf", args=[letter.pk])).status_code == 200
    other = PerpetratorFactory(full_name="Iemand Anders")
    reception_check_log(
        actor=world.users["reception"], query="Karel", cards=[PersonAtDesk(perpetrator=person)]
    )
    reception_check_log(actor=world.users["reception"], query="Iem", cards=[PersonAtDesk(perpetrator=other)])
    record(world, person, kind="access")
    return person


def test_the_overview_opens_holds_the_facts_and_names_no_employee(client, world, full_file):
    client.force_login(world.users["legal"])
    response = client.get(reverse("privacy:subject_access_pdf", args=[full_file.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert MARK.lower() not in text.lower()
    for expected in (
        "Karel Betrokkene",
        world.incident_a.reference,
        "Bedreiging",  # the behaviour
        "Toegangsverbod",
        "[medewerker]",  # the grounds, the employee's name taken out
        f"GIR-{full_file.measures.get().pk}-1",  # the letter's reference
        "Inzage (AVG art. 15)",
        "Juridische zaken",  # who read, as a role
        "Bezoeker gecontroleerd",  # shown at the desk
        "Receptie / beveiliging",
        "Brief bekeken",  # the letter downloaded
        "Teammanager / leidinggevende",
    ):
        assert expected.lower() in text.lower(), expected
    assert text.count("Bezoeker gecontroleerd") == 1  # not the search that showed someone else
    assert "Schelden A" not in text  # the incident's free text stays out


def test_making_the_overview_is_logged_and_listed_as_a_read(client, world, full_file):
    client.force_login(world.users["coordinator"])
    client.get(reverse("privacy:subject_access_pdf", args=[full_file.pk]))
    event = AuditEvent.objects.get(action=AuditAction.SUBJECT_ACCESS_EXPORTED)
    assert (event.actor, event.target_id) == (world.users["coordinator"], str(full_file.pk))
    text = pdf_text(client.get(reverse("privacy:subject_access_pdf", args=[full_file.pk])))
    assert "Inzageoverzicht AVG gemaakt" in text


# --- Extending the term -------------------------------------------------------------------


def test_the_term_is_extended_once_by_two_months_within_the_first_month(client, world, person):
    made = record(world, person, received_on=clock.today() - dt.timedelta(days=20))
    client.force_login(world.users["legal"])
    url = reverse("privacy:subject_request_extend", args=[made.pk])
    response = client.post(url, {"extension_reason": " ", "version": "1"})
    assert response.status_code == 400
    assert "Schrijf op waarom u meer tijd nodig heeft." in response.content.decode()
    response = client.post(url, {"extension_reason": "Veel gegevens uit het archief.", "version": "1"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.extended_on == clock.today()
    assert made.due_on - made.first_term_ends_on >= dt.timedelta(days=59)
    again = client.post(url, {"extension_reason": "Nog meer.", "version": "2"})
    assert again.status_code == 400
    assert "De termijn is al verlengd" in again.content.decode()


def test_after_the_first_month_the_term_cannot_be_extended(client, world, person):
    made = record(world, person, received_on=clock.today() - dt.timedelta(days=40))
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("privacy:subject_request_decide", args=[made.pk])).content.decode()
    assert "Termijn met twee maanden verlengen" not in page
    assert "Te laat" in page
    response = client.post(
        reverse("privacy:subject_request_extend", args=[made.pk]),
        {"extension_reason": "Druk.", "version": "1"},
    )
    assert response.status_code == 400
    assert "De eerste maand is voorbij" in response.content.decode()
    made.refresh_from_db()
    assert made.extended_on is None and made.is_overdue(clock.today())


def test_when_the_register_forgets_the_person_the_requests_keep_only_their_dates(world, person):
    made = record(world, person, received_on=clock.today() - dt.timedelta(days=10))
    subject_request_decide(
        actor=world.users["legal"],
        subject_request=made,
        data={"decision": "refused", "decided_on": clock.today(), "grounds": "Karel kreeg al alles."},
        version=1,
    )
    perpetrator_forget(perpetrator=person)
    made.refresh_from_db()
    assert (made.kind, made.decision, made.decided_on) == ("rectification", "refused", clock.today())
    assert "geboortedatum" not in made.request and made.grounds == ""
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATED, target_type="privacy.subjectrequest", target_id=""
    ).exists()


def test_the_overview_costs_the_same_queries_however_much_is_held(world, person):
    def add(count):
        for _ in range(count):
            incident = IncidentFactory(reporter=world.users["employee"], team=world.team_a)
            register.perpetrator_link(actor=world.users["coordinator"], perpetrator=person, incident=incident)
            register.measure_propose(
                actor=world.users["coordinator"],
                perpetrator=person,
                kind=MeasureKind.VERBAL_WARNING,
                incidents=[incident],
            )
            register.perpetrator_read_log(actor=world.users["legal"], perpetrator=person)
            record(world, person)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            overview_pdf(overview_of(person))
        return len(captured)

    add(1)
    few = queries()
    add(3)
    assert queries() == few
