"""The letter of intent with its invitation to answer in writing, and the one-click file
for an objection committee or the ombudsman (issue 19 item 6)."""

import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest
import time_machine
from pypdf import PdfReader

from gir.accounts.models import User
from gir.audit.models import AuditAction, AuditEvent
from gir.core.clock import AMSTERDAM
from gir.incidents.constants import EscalationLevel
from gir.incidents.models import Incident
from gir.letters.constants import INTENT_TEMPLATE_CODE
from gir.letters.forms import IssueForm
from gir.letters.models import Letter, LetterTemplate
from gir.letters.services import Delivery, letter_copy_done, letter_issue
from gir.perpetrators import services
from gir.perpetrators.constants import Hearing, MeasureKind
from gir.protocol.constants import StepKind, StepStatus

TODAY = dt.date(2026, 11, 24)
# Marker names for every employee: none may appear in the letter of intent or the file.
MARKERS = {
    "employee": ("Zwaluwstaart", "Kievitsbloem"),
    "team_manager": ("Boterbloem", "Paardenbloem"),
    "coordinator": ("Lisdodde", "Koekoeksbloem"),
    "mayor": ("Zonnedauw", "Klokjesbloem"),
    "legal": ("Pinksterbloem", "Dotterbloem"),
}


@pytest.fixture(autouse=True)
def on_today():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12), tzinfo=AMSTERDAM), tick=True):
        yield


@pytest.fixture
def marked(world):
    for persona, (first, last) in MARKERS.items():
        User.objects.filter(pk=world.users[persona].pk).update(first_name=first, last_name=last)
        world.users[persona].refresh_from_db()
    Incident.objects.filter(pk=world.incident_a.pk).update(escalation_level=EscalationLevel.C)
    world.incident_a.refresh_from_db()
    return world


@pytest.fixture
def proposed(marked, person):
    measure = services.measure_propose(
        actor=marked.users["team_manager"],
        perpetrator=person,
        kind=MeasureKind.BUILDING_BAN,
        incidents=[marked.incident_a],
    )
    return services.measure_set_answer_term(
        actor=marked.users["team_manager"], measure=measure, answer_by=dt.date(2026, 12, 8)
    )


def intent_letter(world, measure):
    return letter_issue(
        actor=world.users["coordinator"],
        measure=measure,
        template=LetterTemplate.objects.get(code=INTENT_TEMPLATE_CODE),
        signed_by=world.users["mayor"],
        signatory_title="Burgemeester",
        delivery=Delivery.BY_POST,
    )


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def assert_no_markers(text: str) -> None:
    for first, last in MARKERS.values():
        assert first not in text and last not in text


# --- The letter of intent ---------------------------------------------------------------------


def test_a_proposed_measure_with_a_term_is_offered_only_the_letter_of_intent(marked, proposed):
    form = IssueForm(measure=proposed, user=marked.users["team_manager"])
    assert [t.code for t in form.fields["template"].queryset] == [INTENT_TEMPLATE_CODE]


def test_the_letter_of_intent_gives_the_facts_and_the_term_without_employee_names(marked, proposed):
    letter = intent_letter(marked, proposed)
    occurred = marked.incident_a.occurred_at.astimezone(AMSTERDAM).strftime("%d-%m-%Y")
    assert occurred in letter.body
    assert "verbaal geweld" in letter.body
    assert "08-12-2026" in letter.body
    assert "toegangsverbod" in letter.body
    assert "Schelden A" not in letter.body  # the report's own text stays out
    text = pdf_text(letter.pdf.read())
    assert "08-12-2026" in text and "Pieter de Vries" in text
    # The signatory signs the letter; no other employee appears in what it says.
    assert_no_markers(letter.subject + letter.body)
    # The letter of intent is not the decision's letter: the 48-hour letter step stays open.
    assert not marked.incident_a.steps.filter(kind=StepKind.MEASURE_LETTER, status=StepStatus.DONE).exists()
    # Its copy going out does not make the proposal communicated.
    person_copy = letter.copies.get(destination="person_by_post")
    letter_copy_done(actor=marked.users["coordinator"], copy=person_copy)
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_the_letter_of_intent_needs_a_term_and_fits_only_before_the_decision(marked, person):
    measure = services.measure_propose(
        actor=marked.users["team_manager"],
        perpetrator=person,
        kind=MeasureKind.BUILDING_BAN,
        incidents=[marked.incident_a],
    )
    with pytest.raises(ValidationError) as error:
        intent_letter(marked, measure)
    assert "tot wanneer de persoon schriftelijk kan reageren" in str(error.value)
    measure = services.measure_set_answer_term(
        actor=marked.users["team_manager"], measure=measure, answer_by=dt.date(2026, 12, 8)
    )
    measure = services.measure_decide(
        actor=marked.users["team_manager"],
        measure=measure,
        decided_by=marked.users["mayor"],
        hearing=Hearing.HEARD,
        hearing_notes="Gehoord.",
        grounds="Bedreiging.",
        proportionality="Ernstig.",
        starts_on=TODAY,
        ends_on=services.standard_ban_end(TODAY),
        decide_before_term=True,
    )
    with pytest.raises(ValidationError) as error:
        intent_letter(marked, measure)
    assert "alleen vóór het besluit" in str(error.value)
    form = IssueForm(measure=measure, user=marked.users["team_manager"])
    assert INTENT_TEMPLATE_CODE not in {t.code for t in form.fields["template"].queryset}


def test_the_measure_page_offers_the_letter_of_intent_once_the_term_is_set(client, marked, proposed):
    client.force_login(marked.users["team_manager"])
    page = client.get(reverse("perpetrators:measure", args=[proposed.pk])).content.decode()
    assert "Brief over het voornemen maken" in page
    assert reverse("letters:issue", args=[proposed.pk]) in page


# --- The file for an objection committee or the ombudsman ------------------------------------


@pytest.fixture
def full_story(marked, proposed):
    """A ban proposed, announced with a term, answered in writing, decided, told, objected to."""
    world = marked
    intent = intent_letter(world, proposed)
    measure = services.measure_record_answer(
        actor=world.users["team_manager"],
        measure=proposed,
        received_on=dt.date(2026, 11, 24),
        text="Ik was boos over mijn uitkering en heb spijt.",
    )
    measure = services.measure_decide(
        actor=world.users["team_manager"],
        measure=measure,
        decided_by=world.users["mayor"],
        hearing=Hearing.HEARD,
        hearing_notes="Schriftelijke zienswijze ontvangen.",
        grounds="Hij dreigde de medewerker buiten op te wachten.",
        proportionality="Drie maanden is de standaard; eerdere waarschuwing hielp niet.",
        starts_on=TODAY,
        ends_on=services.standard_ban_end(TODAY),
    )
    decision = letter_issue(
        actor=world.users["coordinator"],
        measure=measure,
        template=LetterTemplate.objects.get(code="toegangsverbod"),
        signed_by=world.users["mayor"],
        signatory_title="Burgemeester",
        delivery=Delivery.BY_POST,
    )
    services.objection_record(
        actor=world.users["legal"], measure=measure, received_on=TODAY, grounds="Ik ben het er niet mee eens."
    )
    return measure, intent, decision


def test_the_file_has_facts_hearing_answer_grounds_letters_and_dates_and_no_employee_names(
    client, marked, full_story
):
    measure, intent, decision = full_story
    client.force_login(marked.users["legal"])
    response = client.get(reverse("letters:measure_file", args=[measure.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(b"".join(response.streaming_content))
    occurred = marked.incident_a.occurred_at.astimezone(AMSTERDAM).strftime("%d-%m-%Y")
    for expected in (
        marked.incident_a.reference,
        occurred,
        "Verbaal geweld",
        "Schriftelijke zienswijze ontvangen.",  # the hearing
        "Ik was boos over mijn uitkering",  # the answer
        "08-12-2026",  # the term
        "buiten op te wachten",  # the grounds
        "eerdere waarschuwing hielp niet",  # proportionality
        intent.reference,
        decision.reference,
        "Voornemen maatregel",
        "Besluit genomen",
        "Bezwaar ontvangen",
        "24-11-2026",
        "Burgemeester",  # the mandate, not the person
    ):
        assert expected in text, expected
    assert_no_markers(text)
    assert "Schelden A" not in text
    event = AuditEvent.objects.get(action=AuditAction.MEASURE_FILE_EXPORTED)
    assert event.actor == marked.users["legal"] and event.target_id == str(measure.pk)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("team_manager", True),
        ("coordinator", True),
        ("legal", True),
        ("employee", False),
        ("reception", False),
        ("director", False),
        ("aftercare", False),
        ("mayor", False),
        ("privacy_officer", False),
    ],
)
def test_who_may_make_the_file(client, marked, proposed, persona, allowed):
    client.force_login(marked.users[persona])
    response = client.get(reverse("letters:measure_file", args=[proposed.pk]))
    if allowed:
        assert response.status_code == 200
        assert pdf_text(b"".join(response.streaming_content))
    else:
        assert response.status_code in (403, 404)
        assert not AuditEvent.objects.filter(action=AuditAction.MEASURE_FILE_EXPORTED).exists()


def test_the_measure_page_links_the_file(client, marked, proposed):
    client.force_login(marked.users["coordinator"])
    page = client.get(reverse("perpetrators:measure", args=[proposed.pk])).content.decode()
    assert reverse("letters:measure_file", args=[proposed.pk]) in page
    assert not Letter.objects.exists()


def test_the_letter_of_intent_is_previewed_then_made_on_the_issue_page(client, marked, proposed):
    client.force_login(marked.users["team_manager"])
    url = reverse("letters:issue", args=[proposed.pk])
    data = {
        "template": LetterTemplate.objects.get(code=INTENT_TEMPLATE_CODE).pk,
        "signed_by": marked.users["mayor"].pk,
        "signatory_title": "Burgemeester",
        "delivery": Delivery.BY_POST,
        "action": "preview",
    }
    preview = client.post(url, data)
    assert preview.status_code == 200
    content = preview.content.decode()
    assert "08-12-2026" in content and "verbaal geweld" in content
    fingerprint = preview.context["form"]["previewed"].value()
    response = client.post(url, {**data, "action": "issue", "previewed": fingerprint})
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.template.code == INTENT_TEMPLATE_CODE
    assert "08-12-2026" in pdf_text(letter.pdf.read())
