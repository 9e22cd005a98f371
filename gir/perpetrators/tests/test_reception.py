"""The reception desk: check a visitor, the binder of bans (001 §7.1, §8.1–§8.5; DESIGN §1, §2.3)."""

import datetime as dt
import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from PIL import Image
from pypdf import PdfReader

from gir.audit.models import AuditAction, AuditEvent
from gir.letters.constants import CopyDestination
from gir.letters.services import Delivery, letter_copy_done, letter_issue, template_save
from gir.perpetrators import services
from gir.perpetrators.constants import RECEPTION_INSTRUCTIONS, Hearing, MeasureKind, MeasureStatus
from gir.perpetrators.models import Measure, Perpetrator
from gir.perpetrators.reception import reception_search
from gir.perpetrators.search import search_names
from gir.perpetrators.tests.factories import PerpetratorFactory

CHECK = reverse("reception:check")
BIRTH = dt.date(1978, 3, 14)
DESCRIPTION = "Lang, rode jas, tatoeage op de linkerhand"
ADDRESS = "Kerkstraat 12"


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("pasfoto.png", buffer.getvalue(), content_type="image/png")


def new_person(world, name: str, *, photo: bool = False) -> Perpetrator:
    return services.perpetrator_save(
        actor=world.users["coordinator"],
        data={
            "full_name": name,
            "date_of_birth": BIRTH,
            "description": DESCRIPTION,
            "address": ADDRESS,
        },
        photo=png() if photo else None,
        incident=world.incident_a,
    )


def decide(world, person, kind=MeasureKind.BUILDING_BAN, *, communicate=True, **dates) -> Measure:
    today = timezone.localdate()
    starts_on = dates.get("starts_on", today)
    if "ends_on" in dates:
        ends_on = dates["ends_on"]
    elif kind == MeasureKind.BUILDING_BAN:
        ends_on = services.standard_ban_end(starts_on)
    else:
        ends_on = starts_on + dt.timedelta(days=180)
    measure = services.measure_propose(
        actor=world.users["team_manager"], perpetrator=person, kind=kind, incidents=[world.incident_a]
    )
    measure = services.measure_decide(
        actor=world.users["team_manager"],
        measure=measure,
        decided_by=world.users["mayor"],
        hearing=Hearing.HEARD,
        hearing_notes="Gehoord aan de balie.",
        grounds="Bedreiging van een medewerker.",
        proportionality="Ernstig en herhaald.",
        starts_on=starts_on,
        ends_on=ends_on,
        period_reason=dates.get("period_reason", ""),
    )
    if communicate:
        measure = services.measure_communicate(actor=world.users["team_manager"], measure=measure)
    return measure


@pytest.fixture
def banned(world):
    person = new_person(world, "Hendrik van der Berg", photo=True)
    ban = decide(world, person)
    assert ban.status == MeasureStatus.ACTIVE
    return person, ban


def search(client, user, query, **headers):
    client.force_login(user)
    return client.get(CHECK, {"naam": query}, **headers)


def test_reception_finds_a_misspelt_name_and_sees_only_what_the_desk_needs(client, world, banned):
    person, ban = banned
    response = search(client, world.users["reception"], "Hendrik van der Burg")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hendrik van der Berg" in body
    assert reverse("perpetrators:photo", args=[person.pk]) in body
    period = f"van {ban.starts_on:%-d} "
    assert period in body and "tot en met" in body
    assert str(RECEPTION_INSTRUCTIONS[MeasureKind.BUILDING_BAN])[:40] in body.replace("&#x27;", "'")
    assert 'href="tel:112"' in body
    for secret in (DESCRIPTION, ADDRESS, "1978", "14-03", world.incident_a.reference, "Schelden A"):
        assert secret not in body
    assert response["Cache-Control"] == "private, no-store"


def test_htmx_gets_only_the_results_fragment(client, world, banned):
    response = search(client, world.users["reception"], "Hendrik", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Hendrik van der Berg" in body
    assert "<html" not in body and 'id="reception-q"' not in body
    assert "HX-Request" in response["Vary"]


def test_nothing_found_says_the_visitor_may_be_helped(client, world, banned):
    body = search(client, world.users["reception"], "Karel Appel").content.decode()
    assert "geen geldende waarschuwing of toegangsverbod" in body
    assert "gewoon helpen" in body
    assert "namen die erop lijken" in body


def test_people_without_a_measure_in_force_are_not_shown(world):
    today = timezone.localdate()
    proposed = new_person(world, "Anna Voorgesteld")
    services.measure_propose(
        actor=world.users["team_manager"],
        perpetrator=proposed,
        kind=MeasureKind.BUILDING_BAN,
        incidents=[world.incident_a],
    )
    decided = new_person(world, "Bert Besloten")
    decide(world, decided, communicate=False)
    ended = new_person(world, "Carla Afgelopen")
    ended_ban = decide(world, ended)
    services.measures_refresh(today=ended_ban.ends_on + dt.timedelta(days=1))
    withdrawn = new_person(world, "Dirk Ingetrokken")
    services.measure_withdraw(
        actor=world.users["coordinator"], measure=decide(world, withdrawn), reason="Fout"
    )
    expired = new_person(world, "Eva Verlopen")
    expired_ban = decide(world, expired)
    # Still "active" in the database, but its end date has passed: the nightly task has not run yet.
    Measure.objects.filter(pk=expired_ban.pk).update(
        starts_on=today - dt.timedelta(days=100), ends_on=today - dt.timedelta(days=1)
    )
    future = new_person(world, "Frits Toekomst")
    decide(world, future, starts_on=today + dt.timedelta(days=3))
    for name in ("Anna Voorgesteld", "Bert Besloten", "Carla Afgelopen", "Dirk Ingetrokken", "Eva Verlopen"):
        assert reception_search(name) == [], name
    assert reception_search("Frits Toekomst") == []
    services.measures_refresh(today=today + dt.timedelta(days=3))
    assert reception_search("Frits Toekomst", today=today + dt.timedelta(days=3))


@pytest.mark.parametrize("kind", [MeasureKind.VERBAL_WARNING, MeasureKind.WRITTEN_WARNING])
def test_a_warning_in_force_is_shown_with_its_instruction(client, world, kind):
    person = new_person(world, "Gerrit Jansen")
    decide(world, person, kind)
    body = search(client, world.users["reception"], "Gerit Jansen").content.decode()
    assert "Gerrit Jansen" in body
    assert str(Measure(kind=kind).get_kind_display()) in body
    assert str(RECEPTION_INSTRUCTIONS[kind])[:50] in body
    assert "Geen foto" in body


def test_the_coordinator_may_check_a_visitor(client, world, banned):
    assert "Hendrik van der Berg" in search(client, world.users["coordinator"], "Hendrik").content.decode()


@pytest.mark.parametrize("persona", ["employee", "team_manager", "aftercare", "legal", "director"])
def test_other_roles_are_refused(client, world, banned, persona):
    client.force_login(world.users[persona])
    for name in ("reception:check", "reception:ban_list", "reception:ban_list_pdf"):
        response = client.get(reverse(name), {"naam": "Hendrik"})
        assert response.status_code in (403, 404), name
        assert "Hendrik" not in response.content.decode(errors="replace")
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.RECEPTION_CHECK, AuditAction.BAN_LIST_VIEWED]
    ).exists()


def test_every_search_writes_one_audit_row_with_the_query_and_what_was_shown(client, world, banned):
    person, ban = banned
    search(client, world.users["reception"], "Hendrik van der Burg")
    search(client, world.users["reception"], "H")  # too short: no search, no log
    search(client, world.users["reception"], "Karel Appel")
    events = list(AuditEvent.objects.filter(action=AuditAction.RECEPTION_CHECK).order_by("pk"))
    assert len(events) == 2
    first, second = events
    assert first.actor == world.users["reception"]
    assert first.target_type == "perpetrators.reception_check" and first.target_id == ""
    assert first.detail == "Hendrik van der Burg"
    assert first.changes == {"getoond": [{"veroorzaker": person.pk, "maatregelen": [ban.pk]}]}
    assert second.detail == "Karel Appel" and second.changes == {"getoond": []}


def test_the_search_and_its_prefetch_cost_a_fixed_number_of_queries(world):
    decide(world, new_person(world, "Hendrik Bakker"))

    def queries_of_a_search() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            found = reception_search("Hendrik Bakker")
            assert all(person.measures_in_force for person in found)
        return len(captured), len(found)

    one = queries_of_a_search()
    for index in range(1, 5):
        decide(world, new_person(world, f"Hendrik Bakker{'s' * index}"))
    five = queries_of_a_search()
    assert (one[1], five[1]) == (1, 5)
    # The search and the prefetch; on PostgreSQL also the savepoint around the planner settings.
    assert one[0] == five[0] <= 6


def test_the_ban_list_shows_every_ban_in_force_and_is_logged(client, world, banned):
    person, ban = banned
    warned = new_person(world, "Ida Gewaarschuwd")
    decide(world, warned, MeasureKind.WRITTEN_WARNING)
    client.force_login(world.users["reception"])
    response = client.get(reverse("reception:ban_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hendrik van der Berg" in body and "Ida Gewaarschuwd" not in body
    assert "tot en met" in body
    assert reverse("reception:ban_list_pdf") in body
    assert DESCRIPTION not in body and ADDRESS not in body
    event = AuditEvent.objects.get(action=AuditAction.BAN_LIST_VIEWED)
    assert event.actor == world.users["reception"] and event.detail == "html"
    assert event.changes == {"getoond": [{"veroorzaker": person.pk, "maatregelen": [ban.pk]}]}


def test_the_ban_list_pdf_embeds_the_photo_and_is_logged(client, world, banned):
    client.force_login(world.users["reception"])
    response = client.get(reverse("reception:ban_list_pdf"))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Hendrik van der Berg" in text
    assert "U mag hier niet komen" in text
    assert any(page.images for page in reader.pages)  # the photo came in as a data: URI
    assert AuditEvent.objects.get(action=AuditAction.BAN_LIST_VIEWED).detail == "pdf"


def test_a_new_ban_mails_reception_and_the_notice_list_without_a_name(
    world, settings, django_capture_on_commit_callbacks
):
    settings.GIR_BAN_NOTICE_RECIPIENTS = ["beveiliging@example.org"]
    person = new_person(world, "Johan Smits")
    ban = decide(world, person, communicate=False)
    template = template_save(
        actor=world.users["coordinator"],
        data={
            "code": "toegangsverbod-test",
            "title": "Toegangsverbod",
            "measure_kind": MeasureKind.BUILDING_BAN,
            "subject": "Toegangsverbod {{ naam }}",
            "body": "Geachte {{ naam }},\n\nU mag tot en met {{ einddatum }} niet komen.",
        },
    )
    letter = letter_issue(
        actor=world.users["team_manager"],
        measure=ban,
        template=template,
        signed_by=world.users["mayor"],
        signatory_title="Burgemeester",
        delivery=Delivery.AT_MEETING,
        to_police=False,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        letter_copy_done(
            actor=world.users["team_manager"],
            copy=letter.copies.get(destination=CopyDestination.PERSON_AT_MEETING),
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {world.users["reception"].email, "beveiliging@example.org"}
    assert "Johan" not in message.body and "Smits" not in message.body and "Johan" not in message.subject
    assert reverse("reception:ban_list") in message.body


def test_reception_sees_a_photo_only_while_the_measure_is_in_force(client, world, banned):
    person, ban = banned
    url = reverse("perpetrators:photo", args=[person.pk])
    client.force_login(world.users["reception"])
    assert client.get(url).status_code == 200
    services.measure_withdraw(actor=world.users["coordinator"], measure=ban, reason="Verkeerde persoon")
    assert client.get(url).status_code == 404
    client.force_login(world.users["employee"])
    assert client.get(url).status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL only")
def test_on_postgresql_the_search_uses_the_trigram_index(world):
    PerpetratorFactory.create_batch(300)
    target = PerpetratorFactory(full_name="Wilhelmina Kuipers")
    assert search_names(Perpetrator.objects.all(), "Wilhelmna Kuiper") == [target]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE perpetrators_perpetrator")
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM perpetrators_perpetrator WHERE search_text %%> %s", ["wilhelmna kuiper"]
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "perpetrator_search_trgm" in plan
