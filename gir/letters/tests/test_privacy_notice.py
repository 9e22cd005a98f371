"""The privacy notice in every letter (AVG art. 13-14; issue 19 item 5): one text the
coordinator edits, carried by every template through {{ privacyverklaring }}, with the
privacy officer's address from the settings."""

import importlib
import io

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest
from pypdf import PdfReader

from gir.letters.merge import PRIVACY_NOTICE
from gir.letters.models import LetterTemplate, LetterText
from gir.letters.render import render_pdf
from gir.letters.services import Delivery, letter_issue, letter_text_save

migration = importlib.import_module("gir.letters.migrations.0006_privacy_notice")


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def issue(world, ban):
    return letter_issue(
        actor=world.users["coordinator"],
        measure=ban,
        template=LetterTemplate.objects.get(code="toegangsverbod"),
        signed_by=world.users["mayor"],
        signatory_title="Burgemeester",
        delivery=Delivery.BY_POST,
    )


def test_every_template_carries_the_notice(db):
    templates = LetterTemplate.objects.all()
    assert templates.count() >= 11
    for template in templates:
        assert template.body.rstrip().endswith("{{ privacyverklaring }}"), template.code


def test_the_migration_adds_it_once_and_takes_it_away_again(db):
    migration.add_privacy_notice(django_apps, None)  # a second run changes nothing
    body = LetterTemplate.objects.get(code="toegangsverbod").body
    assert body.count("{{ privacyverklaring }}") == 1
    migration.remove_privacy_notice(django_apps, None)
    assert "{{ privacyverklaring }}" not in LetterTemplate.objects.get(code="toegangsverbod").body
    assert not LetterText.objects.filter(code=PRIVACY_NOTICE).exists()


def test_a_letter_pdf_carries_the_notice_with_the_officers_address(world, ban, settings):
    settings.GIR_PRIVACY_OFFICER_ADDRESS = "FG Voorbeeldstad\\nPostbus 99\\n9999 ZZ Privacystad"
    letter = issue(world, ban)
    text = pdf_text(render_pdf(letter))
    assert "Wat doen wij met uw gegevens?" in text
    assert "functionaris gegevensbescherming" in text
    assert "Postbus 99" in text and "9999 ZZ Privacystad" in text
    assert "tot 2 jaar na het einde van de laatste maatregel" in text
    assert "{{" not in text


def test_the_coordinator_edits_the_notice_and_new_letters_carry_the_new_text(client, world, ban):
    notice = LetterText.objects.get(code=PRIVACY_NOTICE)
    client.force_login(world.users["coordinator"])
    url = reverse("letters:privacy_notice")
    assert "Wat doen wij met uw gegevens?" in client.get(url).content.decode()
    response = client.post(
        url, {"text": "Over uw privacy?\nSchrijf naar {{ fg_adres }}. Tekst 4711.", "version": notice.version}
    )
    assert response.status_code == 302
    text = pdf_text(render_pdf(issue(world, ban)))
    assert "Tekst 4711" in text
    assert "Wat doen wij met uw gegevens?" not in text


def test_a_notice_with_a_wrong_field_or_itself_is_refused_and_keeps_the_text(client, world):
    notice = LetterText.objects.get(code=PRIVACY_NOTICE)
    client.force_login(world.users["coordinator"])
    url = reverse("letters:privacy_notice")
    response = client.post(url, {"text": "Zie {{ onbekend }} hier", "version": notice.version})
    assert response.status_code == 400
    assert "Onbekend invulveld" in response.content.decode()
    assert "Zie {{ onbekend }} hier" in response.content.decode()
    with pytest.raises(ValidationError):
        letter_text_save(
            actor=world.users["coordinator"], letter_text=notice, text="{{ privacyverklaring }}", version=1
        )
    stale = client.post(url, {"text": "Nieuwe tekst", "version": notice.version + 5})
    assert stale.status_code == 409
    notice.refresh_from_db()
    assert "Wat doen wij met uw gegevens?" in notice.text
