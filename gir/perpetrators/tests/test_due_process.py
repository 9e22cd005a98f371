"""Due process and the fairness guard of a measure (issue 19 item 6): the term for a
written answer and the answer itself; the reason GIR asks for a sanction on emotion or
criticism (001 §2.1 levels A and B) and for a written warning or a ban without hearing
(002 #9); both shown in the form before submit and kept on a failed submit."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
import time_machine

from gir.audit.models import AuditAction, AuditEvent
from gir.core.clock import AMSTERDAM
from gir.incidents.constants import EscalationLevel
from gir.incidents.models import Incident
from gir.perpetrators import services
from gir.perpetrators.constants import Hearing, MeasureKind, MeasureStatus
from gir.perpetrators.due_process import facts_summary, only_minor_behaviour

TODAY = dt.date(2026, 11, 24)
# The smallest file libmagic calls a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def on_today():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12), tzinfo=AMSTERDAM), tick=True):
        yield


@pytest.fixture
def person(world):
    return services.perpetrator_save(
        actor=world.users["coordinator"], data={"full_name": "Pieter de Vries"}, incident=world.incident_a
    )


def at_level(incident, level: str):
    Incident.objects.filter(pk=incident.pk).update(escalation_level=level)
    incident.refresh_from_db()
    return incident


def propose(world, person, kind=MeasureKind.WRITTEN_WARNING, **extra):
    return services.measure_propose(
        actor=world.users["team_manager"],
        perpetrator=person,
        kind=kind,
        incidents=[world.incident_a],
        **extra,
    )


def decide(world, measure, **overrides):
    values = {
        "decided_by": world.users["mayor"],
        "hearing": Hearing.HEARD,
        "hearing_notes": "Hij zegt dat hij boos was.",
        "grounds": "Hij schold een medewerker uit.",
        "proportionality": "Een waarschuwing is de lichtste sanctie die past.",
        "starts_on": TODAY,
        "ends_on": (
            services.standard_ban_end(TODAY)
            if measure.kind == MeasureKind.BUILDING_BAN
            else TODAY + dt.timedelta(days=180)
        ),
    }
    values.update(overrides)
    return services.measure_decide(actor=world.users["team_manager"], measure=measure, **values)


# --- The facts -------------------------------------------------------------------------------


def test_the_summary_gives_date_place_behaviour_and_level_and_no_names(world):
    incident = at_level(world.incident_a, EscalationLevel.C)
    summary = facts_summary([incident])
    assert incident.occurred_at.astimezone(AMSTERDAM).strftime("%d-%m-%Y") in summary
    assert "balie of receptie" in summary
    assert "verbaal geweld" in summary
    assert "Verbale agressie tegen de medewerker" in summary
    assert "Schelden A" not in summary  # the report's free text may name people
    employee = world.users["employee"]
    assert employee.last_name not in summary and employee.first_name not in summary


@pytest.mark.parametrize(
    ("levels", "minor"),
    [
        (["A"], True),
        (["A", "B"], True),
        (["B", ""], True),
        (["B", "C"], False),
        ([""], False),
        (["E"], False),
    ],
)
def test_only_minor_behaviour_is_the_highest_known_level_a_or_b(levels, minor):
    assert only_minor_behaviour([Incident(escalation_level=level) for level in levels]) is minor


# --- Warning 1: a sanction for emotion or criticism (001 §2.1 A/B) --------------------------


@pytest.mark.parametrize("level", [EscalationLevel.A, EscalationLevel.B])
def test_a_sanction_for_level_a_or_b_needs_a_reason(world, person, level):
    at_level(world.incident_a, level)
    with pytest.raises(ValidationError) as error:
        propose(world, person)
    assert "burgers mogen kritiek" in error.value.message_dict["minor_behaviour_reason"][0]
    measure = propose(world, person, minor_behaviour_reason="  Herhaald, na drie gesprekken.  ")
    assert measure.minor_behaviour_reason == "Herhaald, na drie gesprekken."
    event = AuditEvent.objects.get(action=AuditAction.MEASURE_PROPOSED, target_id=str(measure.pk))
    assert "niveau A of B" in event.detail
    assert event.changes == {"velden": ["reden sanctie bij emotie of kritiek"]}
    assert "drie gesprekken" not in str(event.changes) + event.detail  # field names, not the text


def test_a_sanction_for_level_c_or_a_non_sanction_for_level_a_needs_no_reason(world, person):
    at_level(world.incident_a, EscalationLevel.C)
    assert propose(world, person).minor_behaviour_reason == ""
    at_level(world.incident_a, EscalationLevel.A)
    police = propose(world, person, kind=MeasureKind.POLICE, minor_behaviour_reason="niet nodig")
    assert police.minor_behaviour_reason == ""


def test_deciding_a_level_b_sanction_keeps_the_reason_or_asks_it(world, person):
    measure = propose(world, person)  # no level yet: no reason asked
    at_level(world.incident_a, EscalationLevel.B)
    with pytest.raises(ValidationError) as error:
        decide(world, measure)
    assert "minor_behaviour_reason" in error.value.message_dict
    decided = decide(world, measure, minor_behaviour_reason="Hij bleef na drie keer waarschuwen schelden.")
    assert decided.minor_behaviour_reason == "Hij bleef na drie keer waarschuwen schelden."
    event = AuditEvent.objects.filter(action=AuditAction.UPDATED, target_id=str(measure.pk)).latest("pk")
    assert "niveau A of B" in event.detail


# --- Warning 2: a written warning or a ban without a hearing (002 #9) -----------------------


@pytest.mark.parametrize("kind", [MeasureKind.WRITTEN_WARNING, MeasureKind.BUILDING_BAN])
def test_a_warning_or_ban_without_hearing_needs_a_reason(world, person, kind):
    measure = propose(world, person, kind=kind)
    with pytest.raises(ValidationError) as error:
        decide(world, measure, hearing=Hearing.NOT_HEARD, hearing_notes="Niet bereikbaar.")
    assert "zonder de persoon te horen" in error.value.message_dict["unheard_reason"][0]
    with pytest.raises(ValidationError) as error:
        decide(world, measure, hearing="", hearing_notes="")
    assert "hearing" in error.value.message_dict  # not heard and not said: refused as before
    decided = decide(
        world,
        measure,
        hearing=Hearing.NOT_HEARD,
        hearing_notes="Niet bereikbaar.",
        unheard_reason="Acute dreiging; wachten bracht medewerkers in gevaar.",
    )
    assert decided.unheard_reason == "Acute dreiging; wachten bracht medewerkers in gevaar."
    event = AuditEvent.objects.filter(action=AuditAction.UPDATED, target_id=str(measure.pk)).latest("pk")
    assert "zonder de persoon te horen" in event.detail
    assert event.changes == {"velden": ["reden besluit zonder horen"]}


def test_heard_or_another_kind_needs_no_reason(world, person):
    heard = decide(world, propose(world, person, kind=MeasureKind.BUILDING_BAN))
    assert heard.status == MeasureStatus.DECIDED and heard.unheard_reason == ""
    restriction = decide(
        world,
        propose(world, person, kind=MeasureKind.RESTRICTION),
        hearing=Hearing.NOT_HEARD,
        hearing_notes="Geweigerd.",
        unheard_reason="wordt niet bewaard",
    )
    assert restriction.unheard_reason == ""


# --- The term and the answer -----------------------------------------------------------------


def test_the_term_is_after_today_and_only_for_a_proposed_measure(world, person):
    measure = propose(world, person)
    for bad in (None, TODAY):
        with pytest.raises(ValidationError) as error:
            services.measure_set_answer_term(
                actor=world.users["team_manager"], measure=measure, answer_by=bad
            )
        assert "answer_by" in error.value.message_dict
    measure = services.measure_set_answer_term(
        actor=world.users["team_manager"], measure=measure, answer_by=TODAY + dt.timedelta(days=14)
    )
    assert measure.answer_by == dt.date(2026, 12, 8)
    decided = decide(world, measure, decide_before_term=True)
    with pytest.raises(ValidationError):
        services.measure_set_answer_term(
            actor=world.users["team_manager"], measure=decided, answer_by=TODAY + dt.timedelta(days=20)
        )


def test_deciding_before_the_term_ends_without_an_answer_asks_to_confirm(world, person):
    measure = services.measure_set_answer_term(
        actor=world.users["team_manager"], measure=propose(world, person), answer_by=dt.date(2026, 12, 8)
    )
    with pytest.raises(ValidationError) as error:
        decide(world, measure)
    assert "08-12-2026" in error.value.message_dict["decide_before_term"][0]
    decided = decide(world, measure, decide_before_term=True)
    assert decided.decided_before_term is True
    event = AuditEvent.objects.filter(action=AuditAction.UPDATED, target_id=str(measure.pk)).latest("pk")
    assert "vóór het einde van de termijn" in event.detail


def test_after_the_term_or_after_the_answer_the_decision_proceeds(world, person):
    after_term = services.measure_set_answer_term(
        actor=world.users["team_manager"], measure=propose(world, person), answer_by=dt.date(2026, 12, 8)
    )
    answered = services.measure_set_answer_term(
        actor=world.users["team_manager"], measure=propose(world, person), answer_by=dt.date(2026, 12, 8)
    )
    answered = services.measure_record_answer(
        actor=world.users["team_manager"], measure=answered, received_on=TODAY, text="Het spijt me."
    )
    assert decide(world, answered).decided_before_term is False
    with time_machine.travel(dt.datetime(2026, 12, 9, 9, tzinfo=AMSTERDAM)):
        assert decide(world, after_term).decided_before_term is False


def test_the_answer_is_stored_with_its_file_checked_by_content(world, person):
    measure = propose(world, person)
    with pytest.raises(ValidationError) as error:
        services.measure_record_answer(
            actor=world.users["team_manager"],
            measure=measure,
            received_on=TODAY,
            text="Zie bijlage.",
            upload=SimpleUploadedFile("zienswijze.pdf", b"MZ\x90\x00 dit is geen pdf", "application/pdf"),
        )
    assert "geen PDF" in error.value.message_dict["answer_file"][0]
    with pytest.raises(ValidationError) as error:
        services.measure_record_answer(
            actor=world.users["team_manager"],
            measure=measure,
            received_on=TODAY + dt.timedelta(days=1),
            text="",
        )
    assert {"answer_received_on", "answer_text"} <= set(error.value.message_dict)
    measure = services.measure_record_answer(
        actor=world.users["team_manager"],
        measure=measure,
        received_on=TODAY,
        text="Ik was boos over mijn uitkering.",
        upload=SimpleUploadedFile("brief.txt", PDF_BYTES, "text/plain"),
    )
    assert measure.answer_text == "Ik was boos over mijn uitkering."
    assert measure.answer_file_type == "application/pdf"
    assert measure.answer_file_name == "brief.txt"
    assert "brief" not in measure.answer_file.name  # a random stored name
    assert measure.answer_file.read() == PDF_BYTES


# --- The forms: warnings before submit, input kept after a refused submit ---------------------


@pytest.fixture
def manager(client, world):
    client.force_login(world.users["team_manager"])
    return client


def test_the_propose_form_warns_for_level_b_and_keeps_the_input(manager, world, person):
    at_level(world.incident_a, EscalationLevel.B)
    url = reverse("perpetrators:measure_create", args=[person.pk])
    page = manager.get(url).content.decode()
    assert "Let op: emotie en kritiek mogen" in page
    assert world.incident_a.reference in page
    assert 'name="minor_behaviour_reason"' in page
    response = manager.post(
        url,
        {
            "kind": MeasureKind.WRITTEN_WARNING,
            "incidents": [world.incident_a.pk],
            "notes": "Mijn toelichting",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Schrijf op waarom toch een sanctie nodig is." in body
    assert "Mijn toelichting" in body
    response = manager.post(
        url,
        {
            "kind": MeasureKind.WRITTEN_WARNING,
            "incidents": [world.incident_a.pk],
            "minor_behaviour_reason": "Derde keer in een maand.",
        },
    )
    assert response.status_code == 302
    measure = person.measures.get()
    page = manager.get(reverse("perpetrators:measure", args=[measure.pk])).content.decode()
    assert (
        "Reden voor een sanctie bij emotie of kritiek (niveau A of B)</dt><dd>Derde keer in een maand."
        in page
    )


def test_the_propose_form_shows_no_warning_for_level_c(manager, world, person):
    at_level(world.incident_a, EscalationLevel.C)
    page = manager.get(reverse("perpetrators:measure_create", args=[person.pk])).content.decode()
    assert "Let op: emotie en kritiek mogen" not in page
    assert 'name="minor_behaviour_reason"' not in page


def decide_post(measure, **overrides):
    data = {
        "hearing": Hearing.NOT_HEARD,
        "hearing_notes": "Niet bereikbaar.",
        "grounds": "Mijn gronden van het besluit",
        "proportionality": "Mijn afweging",
        "decided_by": "",
        "starts_on": TODAY.strftime("%d-%m-%Y"),
        "ends_on": services.standard_ban_end(TODAY).strftime("%d-%m-%Y"),
        "period_reason": "",
        "version": measure.version,
    }
    data.update(overrides)
    return data


def test_the_decide_form_warns_for_a_ban_without_hearing_and_keeps_the_input(manager, world, person):
    ban = propose(world, person, kind=MeasureKind.BUILDING_BAN)
    url = reverse("perpetrators:measure", args=[ban.pk])
    page = manager.get(url).content.decode()
    assert "Let op: hoor en wederhoor" in page
    assert 'name="unheard_reason"' in page
    assert "Let op: emotie en kritiek mogen" not in page
    data = decide_post(ban, decided_by=world.users["mayor"].pk)
    response = manager.post(reverse("perpetrators:measure_decide", args=[ban.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Schrijf op waarom dat toch nodig is." in body
    assert "Mijn gronden van het besluit" in body and "Mijn afweging" in body
    data["unheard_reason"] = "Acute dreiging."
    response = manager.post(reverse("perpetrators:measure_decide", args=[ban.pk]), data)
    assert response.status_code == 302
    page = manager.get(url).content.decode()
    assert "Reden om te besluiten zonder de persoon te horen" in page and "Acute dreiging." in page


def test_the_decide_form_warns_for_level_a_and_for_a_running_term(manager, world, person):
    measure = propose(world, person, kind=MeasureKind.RESTRICTION)
    at_level(world.incident_a, EscalationLevel.A)
    services.measure_set_answer_term(
        actor=world.users["team_manager"], measure=measure, answer_by=dt.date(2026, 12, 8)
    )
    page = manager.get(reverse("perpetrators:measure", args=[measure.pk])).content.decode()
    assert "Let op: emotie en kritiek mogen" in page
    assert "Let op: de termijn voor een reactie loopt nog" in page
    assert "Let op: hoor en wederhoor" not in page  # a restriction is not guarded for hearing
    measure.refresh_from_db()
    data = decide_post(
        measure,
        hearing=Hearing.HEARD,
        decided_by=world.users["mayor"].pk,
        ends_on=(TODAY + dt.timedelta(days=60)).strftime("%d-%m-%Y"),
    )
    response = manager.post(reverse("perpetrators:measure_decide", args=[measure.pk]), data)
    assert response.status_code == 400
    errors = response.context["decide_form"].errors
    assert set(errors) == {"minor_behaviour_reason", "decide_before_term"}
    assert "Mijn gronden van het besluit" in response.content.decode()


def test_the_answer_is_recorded_shown_and_its_file_read_with_a_log(manager, world, person):
    measure = propose(world, person)
    response = manager.post(
        reverse("perpetrators:measure_answer_term", args=[measure.pk]),
        {"answer_by": "08-12-2026", "version": measure.version},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    response = manager.post(
        reverse("perpetrators:measure_answer", args=[measure.pk]),
        {
            "answer_received_on": "24-11-2026",
            "answer_text": "Ik heb spijt van mijn woorden.",
            "answer_file": SimpleUploadedFile("reactie.pdf", PDF_BYTES),
            "version": measure.version,
        },
    )
    assert response.status_code == 302
    page = manager.get(reverse("perpetrators:measure", args=[measure.pk])).content.decode()
    assert "Ik heb spijt van mijn woorden." in page
    assert "8 december 2026" in page
    download = manager.get(reverse("perpetrators:measure_answer_file", args=[measure.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert AuditEvent.objects.filter(
        action=AuditAction.PERPETRATOR_READ, target_id=str(measure.pk), detail="zienswijze (bestand)"
    ).exists()


def test_a_refused_answer_keeps_what_was_typed(manager, world, person):
    measure = propose(world, person)
    response = manager.post(
        reverse("perpetrators:measure_answer", args=[measure.pk]),
        {
            "answer_received_on": "24-11-2026",
            "answer_text": "Mijn getypte reactie",
            "answer_file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 niet echt"),
            "version": measure.version,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "geen PDF, scan (JPG of PNG) of e-mail" in body
    assert "Mijn getypte reactie" in body


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
def test_who_may_set_the_term_and_record_the_answer(client, world, person, persona, allowed):
    measure = propose(world, person)
    client.force_login(world.users[persona])
    term = client.post(
        reverse("perpetrators:measure_answer_term", args=[measure.pk]),
        {"answer_by": "08-12-2026", "version": measure.version},
    )
    answer = client.post(
        reverse("perpetrators:measure_answer", args=[measure.pk]),
        {"answer_received_on": "24-11-2026", "answer_text": "Reactie", "version": measure.version + 1},
    )
    if allowed:
        assert (term.status_code, answer.status_code) == (302, 302)
    else:
        assert term.status_code in (403, 404) and answer.status_code in (403, 404)
        measure.refresh_from_db()
        assert measure.answer_by is None and measure.answer_text == ""


def test_forgetting_the_person_removes_their_written_answer_and_its_file(world, person):
    measure = services.measure_record_answer(
        actor=world.users["team_manager"],
        measure=propose(world, person),
        received_on=TODAY,
        text="Mijn eigen woorden.",
        upload=SimpleUploadedFile("reactie.pdf", PDF_BYTES),
    )
    stored = measure.answer_file.name
    storage = measure.answer_file.storage
    assert storage.exists(stored)
    removed = services.perpetrator_forget(perpetrator=person)
    assert "zienswijze" in removed
    measure.refresh_from_db()
    assert (measure.answer_text, measure.answer_file.name, measure.answer_file_name) == ("", "", "")
    assert measure.answer_received_on == TODAY  # the date is a fact of the procedure, not of the person
    assert not storage.exists(stored)
