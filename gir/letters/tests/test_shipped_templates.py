"""The letter templates the data migration ships (001 §6.4, §8)."""

import importlib

from django.apps import apps as django_apps
from django.utils import timezone

import pytest

from gir.letters.merge import FIELD, check_merge_fields
from gir.letters.models import Letter, LetterTemplate
from gir.letters.preview import SAMPLE_NAME, draft_from_text, sample_context
from gir.letters.render import render_docx, render_pdf

migration = importlib.import_module("gir.letters.migrations.0002_default_templates")

SHIPPED_CODES = {
    "uitnodiging-ordegesprek": "conduct_meeting",
    "mondelinge-waarschuwing-bevestiging": "verbal_warning",
    "schriftelijke-waarschuwing": "written_warning",
    "toegangsverbod": "building_ban",
    "geen-telefonisch-contact": "no_phone_contact",
    "alleen-schriftelijk-contact": "letter_only",
    "beperking-dienstverlening": "restriction",
    "toestemming-bezoek": "exception_permit",
    "einde-maatregel": "",
    "intrekking-maatregel": "",
    "schadeverhaal": "damage_recovery",
    "voornemen-maatregel": "",  # issue 19 item 6, shipped by 0004_intent_letter
}


def test_every_listed_template_is_shipped_with_its_kind_and_source(db):
    shipped = {t.code: t for t in LetterTemplate.objects.filter(code__in=SHIPPED_CODES)}
    assert set(shipped) == set(SHIPPED_CODES)
    for code, kind in SHIPPED_CODES.items():
        assert shipped[code].measure_kind == kind
        assert shipped[code].source.startswith("001 §")
        assert shipped[code].is_active


@pytest.mark.parametrize("code", sorted(SHIPPED_CODES))
def test_shipped_template_is_valid_and_renders(world, ban, code):
    template = LetterTemplate.objects.get(code=code)
    check_merge_fields(template.subject, template.body)
    assert template.body.startswith("Geachte heer/mevrouw {{ naam }},")
    assert "Hoogachtend" not in template.body  # the rendering adds the closing and signature
    draft = draft_from_text(
        subject=template.subject,
        body=template.body,
        context=sample_context(measure_kind=template.measure_kind, signatory=world.users["mayor"]),
    )
    text = draft.subject + "\n".join("\n".join(block) for block in draft.paragraphs)
    assert SAMPLE_NAME in text
    assert "{{" not in text and "}}" not in text
    letter = Letter(
        measure=ban,
        template=template,
        reference="GIR-TEST-1",
        subject=draft.subject,
        body="\n\n".join("\n".join(block) for block in draft.paragraphs),
        signed_by=world.users["mayor"],
        signatory_title="Burgemeester",
        issued_at=timezone.now(),
        issued_by=world.users["coordinator"],
    )
    assert render_pdf(letter).startswith(b"%PDF")
    assert render_docx(letter).startswith(b"PK")


def test_the_ban_letter_says_what_the_ban_means_and_how_to_object(db):
    body = LetterTemplate.objects.get(code="toegangsverbod").body
    fields = set(FIELD.findall(body))
    needed = {"ingangsdatum", "einddatum", "gronden", "bezwaar_termijn", "organisatie_adres", "kenmerk"}
    assert needed <= fields
    phrases = ("strafbaar feit", "politie", "brief", "schriftelijke machtiging", "6 weken", "burgemeester")
    for phrase in phrases:
        assert phrase in body
    for phrase in ("uw naam en adres", "de datum", "waarom u het niet eens bent"):
        assert phrase in body


OBJECTABLE = [
    "toegangsverbod",
    "geen-telefonisch-contact",
    "alleen-schriftelijk-contact",
    "beperking-dienstverlening",
]


@pytest.mark.parametrize("code", OBJECTABLE)
def test_objectable_decisions_explain_the_objection(db, code):
    body = LetterTemplate.objects.get(code=code).body
    assert "bezwaar" in body and "{{ bezwaar_termijn }}" in body and "{{ kenmerk }}" in body


def test_the_exception_permit_says_report_at_reception_and_leave_after(db):
    body = LetterTemplate.objects.get(code="toestemming-bezoek").body
    assert "receptie" in body and "deze brief" in body and "direct het gebouw" in body


def test_the_data_migration_is_idempotent_and_keeps_edits(db):
    count = LetterTemplate.objects.count()
    edited = LetterTemplate.objects.get(code="toegangsverbod")
    edited.body = "Geachte {{ naam }},\n\nEigen tekst van de coördinator."
    edited.save()
    LetterTemplate.objects.filter(code="schadeverhaal").delete()
    migration.add_templates(django_apps, None)
    migration.add_templates(django_apps, None)
    assert LetterTemplate.objects.count() == count
    assert LetterTemplate.objects.get(code="toegangsverbod").body.endswith("Eigen tekst van de coördinator.")
    assert LetterTemplate.objects.filter(code="schadeverhaal").exists()
