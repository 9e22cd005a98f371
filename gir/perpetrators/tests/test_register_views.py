"""The register pages: list, person, create and edit, linking from an incident, merging."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from PIL import Image

from gir.audit.models import AuditAction, AuditEvent
from gir.incidents.tests.factories import IncidentFactory
from gir.perpetrators import services
from gir.perpetrators.constants import MeasureKind, MeasureStatus
from gir.perpetrators.models import Perpetrator
from gir.perpetrators.tests.factories import MeasureFactory, PerpetratorFactory


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.users["coordinator"])
    return client


def reads_of(person) -> int:
    return AuditEvent.objects.filter(
        action=AuditAction.PERPETRATOR_READ, target_type="perpetrators.perpetrator", target_id=str(person.pk)
    ).count()


# --- The list ----------------------------------------------------------------------------


def make_rows(world, count: int) -> None:
    for _ in range(count):
        incident = IncidentFactory(reporter=world.users["employee"], team=world.team_a)
        person = PerpetratorFactory(incidents=[incident], date_of_birth=dt.date(1990, 1, 1))
        MeasureFactory(perpetrator=person, status=MeasureStatus.ACTIVE, starts_on=dt.date(2020, 1, 1))


def test_the_list_costs_the_same_queries_at_n_and_2n_rows(coordinator_client, world):
    url = reverse("perpetrators:list")
    make_rows(world, 3)
    coordinator_client.get(url)  # warm up: session, content types
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(url)
    make_rows(world, 3)
    with CaptureQueriesContext(connection) as more:
        response = coordinator_client.get(url)
    assert len(response.context["people"]) == 6
    assert len(more) == len(few)


def test_the_list_shows_counts_and_unknown_people_with_their_description(coordinator_client, world):
    known = PerpetratorFactory(
        full_name="Pieter de Vries",
        date_of_birth=dt.date(1980, 5, 1),
        incidents=[world.incident_a, world.incident_b],
    )
    MeasureFactory(perpetrator=known, status=MeasureStatus.ACTIVE, starts_on=dt.date(2020, 1, 1))
    MeasureFactory(perpetrator=known, status=MeasureStatus.WITHDRAWN)
    unknown = PerpetratorFactory(full_name="", is_unknown=True, description="Man met rode pet")
    response = coordinator_client.get(reverse("perpetrators:list"))
    rows = {p.pk: p for p in response.context["people"]}
    assert rows[known.pk].incident_count == 2
    assert rows[known.pk].measures_in_force == 1
    body = response.content.decode()
    assert f"Onbekende persoon #{unknown.pk}" in body
    assert "Man met rode pet" in body
    assert "1-5-1980" in body


def test_the_list_search_tolerates_typos(coordinator_client, world):
    PerpetratorFactory(full_name="Pieter de Vries")
    PerpetratorFactory(full_name="Anna Jansen")
    body = coordinator_client.get(reverse("perpetrators:list"), {"q": "pieter de vris"}).content.decode()
    assert "Pieter de Vries" in body
    assert "Anna Jansen" not in body


# --- The person page ----------------------------------------------------------------------


def test_every_read_of_a_person_is_logged_and_the_history_shows_changes_only(coordinator_client, world):
    person = services.perpetrator_save(
        actor=world.users["coordinator"], data={"full_name": "Karel Kok"}, incident=world.incident_a
    )
    url = reverse("perpetrators:detail", args=[person.pk])
    coordinator_client.get(url)
    response = coordinator_client.get(url)
    assert reads_of(person) == 2
    actions = [event.action for event in response.context["events"]]
    assert AuditAction.CREATED in actions
    assert AuditAction.PERPETRATOR_LINKED in actions
    assert AuditAction.PERPETRATOR_READ not in actions


def test_the_person_page_shows_what_is_known_and_links_only_visible_incidents(client, world):
    person = PerpetratorFactory(
        full_name="Karel Kok",
        aliases="Kareltje",
        online_accounts="@karelkok",
        incidents=[world.incident_a, world.incident_b],
    )
    ban = MeasureFactory(
        perpetrator=person,
        kind=MeasureKind.BUILDING_BAN,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 3, 31),
        incidents=[world.incident_a],
    )
    client.force_login(world.users["team_manager"])
    body = client.get(reverse("perpetrators:detail", args=[person.pk])).content.decode()
    assert "Kareltje" in body and "@karelkok" in body
    assert reverse("incidents:detail", args=[world.incident_a.pk]) in body
    assert reverse("incidents:detail", args=[world.incident_b.pk]) not in body
    assert world.incident_b.reference in body
    assert reverse("perpetrators:measure", args=[ban.pk]) in body
    assert "1-1-2026" in body and "31-3-2026" in body


def test_the_person_page_shows_possible_duplicates(coordinator_client, world):
    person = PerpetratorFactory(full_name="Pieter de Vries", date_of_birth=dt.date(1980, 5, 1))
    same_birth = PerpetratorFactory(full_name="Pieter de Fries", date_of_birth=dt.date(1980, 5, 1))
    no_birth = PerpetratorFactory(full_name="Piter de Vries")
    other_birth = PerpetratorFactory(full_name="Pieter de Vries", date_of_birth=dt.date(1999, 1, 1))
    response = coordinator_client.get(reverse("perpetrators:detail", args=[person.pk]))
    found = {p.pk for p in response.context["duplicates"]}
    assert {same_birth.pk, no_birth.pk} <= found
    assert other_birth.pk not in found
    assert person.pk not in found


def test_a_merged_persons_page_redirects_to_the_person_it_was_merged_into(coordinator_client, world):
    keep = PerpetratorFactory(full_name="Pieter de Vries", incidents=[world.incident_a])
    gone = PerpetratorFactory(full_name="P. de Vries")
    services.perpetrator_merge(actor=world.users["coordinator"], source=gone, target=keep)
    response = coordinator_client.get(reverse("perpetrators:detail", args=[gone.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("perpetrators:detail", args=[keep.pk])


# --- Create and edit ------------------------------------------------------------------------


def test_create_from_an_incident_is_prefilled_and_links_on_save(client, world):
    world.incident_a.perpetrator_name = "Jan Boos"
    world.incident_a.perpetrator_description = "Lange man, grijze jas"
    world.incident_a.save()
    client.force_login(world.users["team_manager"])
    url = reverse("perpetrators:create") + f"?melding={world.incident_a.pk}"
    form = client.get(url).context["form"]
    assert form.initial["full_name"] == "Jan Boos"
    assert form.initial["description"] == "Lange man, grijze jas"
    response = client.post(url, {"full_name": "Jan Boos", "description": "Lange man, grijze jas"})
    assert response.status_code == 302
    person = Perpetrator.objects.get(full_name="Jan Boos")
    assert person.links.filter(incident=world.incident_a).exists()
    page = client.get(reverse("incidents:detail", args=[world.incident_a.pk])).content.decode()
    assert "Veroorzaker(s)" in page
    assert reverse("perpetrators:detail", args=[person.pk]) in page


def test_create_without_a_name_says_what_to_do_and_keeps_the_input(coordinator_client, world):
    response = coordinator_client.post(
        reverse("perpetrators:create"), {"full_name": "", "aliases": "De Stille", "address": "Dorpsstraat 1"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vul de naam in, of kies ‘onbekende persoon’." in body
    assert "De Stille" in body and "Dorpsstraat 1" in body


def test_a_photo_that_is_not_an_image_is_refused_and_the_rest_stays(coordinator_client, world):
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 geen foto", content_type="image/jpeg")
    response = coordinator_client.post(
        reverse("perpetrators:create"),
        {"full_name": "Greet Groen", "aliases": "Gretje", "photo": fake},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "‘foto.jpg’ is geen foto (JPEG, PNG, WebP of GIF)." in body
    assert "Greet Groen" in body and "Gretje" in body
    assert "Uw foto is niet bewaard" in body
    assert not Perpetrator.objects.filter(full_name="Greet Groen").exists()


def test_a_photo_over_the_upload_limit_is_called_too_large(coordinator_client, world, settings):
    # Over the upload limit the file arrives without its content (gir.core.uploads): the
    # message is about its size, not about what it is.
    settings.GIR_EVIDENCE_MAX_BYTES = 12 * 1024 * 1024
    big = SimpleUploadedFile(
        "groot.jpg", b"\xff\xd8\xff" + b"0" * (13 * 1024 * 1024), content_type="image/jpeg"
    )
    response = coordinator_client.post(
        reverse("perpetrators:create"), {"full_name": "Greet Groen", "photo": big}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Een foto mag hoogstens 10 MB zijn." in body
    assert "geen foto" not in body
    assert not Perpetrator.objects.filter(full_name="Greet Groen").exists()


def test_a_photo_is_stored_and_shown_with_alt_text(coordinator_client, world):
    person = PerpetratorFactory(full_name="Greet Groen", incidents=[world.incident_a])
    photo = SimpleUploadedFile("greet.png", png_bytes(), content_type="image/png")
    response = coordinator_client.post(
        reverse("perpetrators:edit", args=[person.pk]),
        {"full_name": "Greet Groen", "version": person.version, "photo": photo},
    )
    assert response.status_code == 302
    body = coordinator_client.get(reverse("perpetrators:detail", args=[person.pk])).content.decode()
    assert f'src="{reverse("perpetrators:photo", args=[person.pk])}"' in body
    assert 'alt="Foto van Greet Groen"' in body
    assert coordinator_client.get(reverse("perpetrators:photo", args=[person.pk])).status_code == 200


def test_a_stale_edit_is_refused_with_the_input_kept(coordinator_client, world):
    person = PerpetratorFactory(full_name="Greet Groen")
    stale = person.version
    services.perpetrator_save(
        actor=world.users["legal"], perpetrator=person, data={"address": "Nieuw adres 2"}, version=stale
    )
    response = coordinator_client.post(
        reverse("perpetrators:edit", args=[person.pk]),
        {"full_name": "Greet Groen", "description": "Mijn nieuwe tekst", "version": stale},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd." in body
    assert "Mijn nieuwe tekst" in body
    person.refresh_from_db()
    assert person.description == ""


# --- Linking from an incident ------------------------------------------------------------------


def test_link_an_existing_person_from_the_incident_and_unlink_again(client, world):
    person = PerpetratorFactory(full_name="Pieter de Vries", incidents=[world.incident_a])
    incident = IncidentFactory(reporter=world.users["employee"], team=world.team_a)
    client.force_login(world.users["team_manager"])
    url = reverse("perpetrators:link", args=[incident.pk])
    results = client.get(url, {"q": "Pieter de Fries"}).context["results"]
    assert [p.pk for p in results] == [person.pk]
    assert client.post(url, {"perpetrator": person.pk}).status_code == 302
    assert person.links.filter(incident=incident).exists()
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert reverse("perpetrators:measure_create", args=[person.pk]) + f"?melding={incident.pk}" in page
    unlink = client.post(reverse("perpetrators:unlink", args=[incident.pk]), {"perpetrator": person.pk})
    assert unlink.status_code == 302
    assert not person.links.filter(incident=incident).exists()


def test_unlinking_a_person_with_a_measure_for_the_incident_is_refused(client, world):
    person = PerpetratorFactory(full_name="Pieter de Vries", incidents=[world.incident_a])
    MeasureFactory(perpetrator=person)
    client.force_login(world.users["team_manager"])
    response = client.post(
        reverse("perpetrators:unlink", args=[world.incident_a.pk]), {"perpetrator": person.pk}, follow=True
    )
    assert "Er is een maatregel voor deze melding; de koppeling blijft." in response.content.decode()
    assert person.links.filter(incident=world.incident_a).exists()


def test_the_reporter_gets_no_perpetrator_section(client, world):
    PerpetratorFactory(full_name="Pieter de Vries", incidents=[world.incident_a])
    client.force_login(world.users["employee"])
    body = client.get(reverse("incidents:detail", args=[world.incident_a.pk])).content.decode()
    assert "Veroorzaker(s)" not in body
    assert reverse("perpetrators:link", args=[world.incident_a.pk]) not in body


# --- Duplicates and merging -----------------------------------------------------------------------


def test_the_duplicates_page_lists_candidate_pairs(coordinator_client, world):
    first = PerpetratorFactory(full_name="Pieter de Vries", date_of_birth=dt.date(1980, 5, 1))
    second = PerpetratorFactory(full_name="Pieter de Fries", date_of_birth=dt.date(1980, 5, 1))
    third = PerpetratorFactory(full_name="Anna Jansen")
    fourth = PerpetratorFactory(full_name="Anna Jansen")
    PerpetratorFactory(full_name="Karel Kok", date_of_birth=dt.date(1980, 5, 1))
    pairs = coordinator_client.get(reverse("perpetrators:duplicates")).context["pairs"]
    assert {(a.pk, b.pk) for a, b, _why in pairs} == {(first.pk, second.pk), (third.pk, fourth.pk)}


def test_merge_shows_both_side_by_side_then_merges(coordinator_client, world):
    keep = PerpetratorFactory(full_name="Pieter de Vries", incidents=[world.incident_a])
    other = PerpetratorFactory(
        full_name="Piet de Vries", address="Dorpsstraat 1", incidents=[world.incident_b]
    )
    url = reverse("perpetrators:merge", args=[keep.pk])
    confirm = coordinator_client.get(url, {"other": other.pk})
    body = confirm.content.decode()
    assert "Pieter de Vries (blijft)" in body
    assert "Dorpsstraat 1" in body
    assert coordinator_client.post(url, {"other": other.pk}).status_code == 302
    other.refresh_from_db()
    keep.refresh_from_db()
    assert other.merged_into_id == keep.pk
    assert keep.address == "Dorpsstraat 1"
    assert keep.links.count() == 2


def test_merging_a_person_into_itself_is_refused_with_a_clear_message(coordinator_client, world):
    person = PerpetratorFactory(full_name="Pieter de Vries")
    response = coordinator_client.post(reverse("perpetrators:merge", args=[person.pk]), {"other": person.pk})
    assert response.status_code == 400
    assert "Een persoon kan niet met zichzelf worden samengevoegd." in response.content.decode()
    person.refresh_from_db()
    assert person.merged_into_id is None
