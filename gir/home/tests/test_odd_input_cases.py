"""The odd inputs that gave server errors (issue 17 item 8), one test each: each now gets
a clear Dutch answer (a form error, or a 400 page) and what was typed stays."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from PIL import Image

from gir.home.tests.test_odd_input import HUGE_NUMBER, FormParser, bomb_png
from gir.incidents.models import Evidence
from gir.protocol.constants import StepKind

TOO_LARGE = "Deze afbeelding is te groot"
NUL_MESSAGE = "nul-teken"


def _page_form(client, url: str, index: int = -1) -> dict[str, list[str]]:
    """The values a browser would send from a form on the page (the last one by default)."""
    parser = FormParser()
    parser.feed(client.get(url).content.decode())
    form = [form for form in parser.forms if form.method == "post"][index]
    data: dict[str, list[str]] = {}
    for name, value in form.as_is():
        data.setdefault(name, []).append(value)
    return data


def _person_url(world, name: str) -> str:
    from gir.perpetrators.tests.url_matrix import url_kwargs

    return reverse(name, kwargs={"pk": url_kwargs("perpetrators:edit", world)["pk"]})


def test_autocomplete_field_with_an_id_that_is_no_number(client, world):
    """Beheer's autocomplete fields re-show what was chosen: an id that is not a number,
    or one beyond any integer column, is 'not a valid choice', not a crash."""
    client.force_login(world.users["administrator"])
    url = reverse("admin:accounts_organisationunit_add")
    for odd in ("abc", HUGE_NUMBER, "-1", "1.5"):
        response = client.post(url, {"name": "Nieuw team", "kind": "team", "parent": odd})
        assert response.status_code == 200, odd
        assert "Selecteer een geldige keuze" in response.content.decode()
    search = (
        reverse("admin:autocomplete") + "?app_label=accounts&model_name=organisationunit&field_name=parent"
    )
    assert client.get(search + "&term=abc&page=" + HUGE_NUMBER).status_code in (200, 404)
    assert client.get(search + "&term=a%00b").status_code == 400


@pytest.mark.parametrize(
    "target",
    [
        "niet-een-url",
        "/meldingen/\r\nSet-Cookie: x=1",
        "https://elders.example/",
        "//elders.example/",
        "a\x00b",
    ],
)
def test_step_done_with_a_next_that_is_not_a_local_url(client, world, target):
    step = world.incident_a.steps.filter(kind=StepKind.MANAGER_CONVERSATION).first()
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("protocol:step_complete", args=[step.pk]), {"notes": "Gesproken", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("protocol:step", args=[step.pk])


def test_step_not_needed_with_a_local_next_goes_there(client, world):
    step = world.incident_a.steps.filter(kind=StepKind.MANAGER_CONVERSATION).first()
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("protocol:step_waive", args=[step.pk]), {"reason": "Niet nodig", "next": "/taken/?pagina=2"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/taken/?pagina=2"


def test_incident_edit_with_a_version_that_is_no_number(client, world):
    """The optimistic lock's version is a hidden field: a tampered one is a stale form
    (the message to reload), and the typed text is still on the page."""
    client.force_login(world.users["employee"])
    url = reverse("incidents:edit", args=[world.incident_a.pk])
    for odd in ("abc", HUGE_NUMBER, ""):
        data = _page_form(client, url)
        data["description"] = ["Wat ik net typte"]
        data["version"] = [odd]
        response = client.post(url, data)
        assert response.status_code == 400, odd
        body = response.content.decode()
        assert "Wat ik net typte" in body
        assert "Iemand anders heeft deze melding intussen gewijzigd" in body, odd
    world.incident_a.refresh_from_db()
    assert world.incident_a.description == "Schelden A"


def test_multiple_choice_with_ids_out_of_range(client, world):
    """A multiple-choice field with ids beyond the database's integer size (SQLite raised
    OverflowError) or below it: 'not a valid choice'."""
    client.force_login(world.users["coordinator"])
    url = _person_url(world, "perpetrators:measure_create")
    data = _page_form(client, url)
    for odd in (HUGE_NUMBER, "-" + HUGE_NUMBER, "9223372036854775808"):
        data["incidents"] = [odd, str(world.incident_a.pk)]
        response = client.post(url, data)
        assert response.status_code == 400, odd
        assert "geldige keuze" in response.content.decode()


def test_perpetrator_photo_decompression_bomb(client, world):
    """30,000 × 30,000 pixels in a few hundred bytes: refused in Dutch, the typed name kept."""
    client.force_login(world.users["coordinator"])
    url = _person_url(world, "perpetrators:edit")
    data = _page_form(client, url)
    data["full_name"] = ["Matrix Persoon Gewijzigd"]
    response = client.post(url, {**data, "photo": SimpleUploadedFile("bom.png", bomb_png())})
    assert response.status_code == 400
    body = response.content.decode()
    assert TOO_LARGE in body
    assert "Matrix Persoon Gewijzigd" in body


def test_photo_above_the_pixel_limit_is_refused(client, world, settings):
    """Below Pillow's own bomb limit but above GIR_IMAGE_MAX_PIXELS: refused too."""
    settings.GIR_IMAGE_MAX_PIXELS = 100 * 100
    client.force_login(world.users["coordinator"])
    url = _person_url(world, "perpetrators:edit")
    data = _page_form(client, url)
    buffer = io.BytesIO()
    Image.new("RGB", (101, 100)).save(buffer, "PNG")
    response = client.post(url, {**data, "photo": SimpleUploadedFile("groot.png", buffer.getvalue())})
    assert response.status_code == 400
    assert TOO_LARGE in response.content.decode()
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100)).save(buffer, "PNG")
    response = client.post(url, {**data, "photo": SimpleUploadedFile("klein.png", buffer.getvalue())})
    assert response.status_code == 302


def test_evidence_image_decompression_bomb(client, world):
    client.force_login(world.users["employee"])
    before = Evidence.objects.count()
    response = client.post(
        reverse("incidents:evidence_add", args=[world.incident_a.pk]),
        {"evidence_files": SimpleUploadedFile("bom.png", bomb_png())},
    )
    assert response.status_code == 400
    assert TOO_LARGE in response.content.decode()
    assert Evidence.objects.count() == before


def test_nul_in_the_reception_search(client, world):
    """PostgreSQL refuses NUL in any text: the search is answered with a Dutch 400 page."""
    client.force_login(world.users["reception"])
    response = client.get(reverse("reception:check") + "?naam=Bart%00Hendrix")
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


def test_nul_in_a_form_field_is_a_form_error_that_keeps_the_text(client, world):
    client.force_login(world.users["coordinator"])
    url = _person_url(world, "perpetrators:edit")
    data = _page_form(client, url)
    data["description"] = ["Lang, donker haar\x00"]
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Null-tekens zijn niet toegestaan" in body
    assert "Lang, donker haar" in body


def test_nul_in_a_json_body(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("home:home"), b'{"naam": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400
