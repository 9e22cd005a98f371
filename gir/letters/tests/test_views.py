"""The letter library pages and issuing, downloading and tracking letters (001 §8.1)."""

import io

from django.urls import reverse
from django.utils import timezone

import docx
import pytest
from pypdf import PdfReader

from gir.audit.models import AuditAction, AuditEvent
from gir.letters.constants import CopyDestination
from gir.letters.models import Letter, LetterTemplate
from gir.letters.services import Delivery, letter_issue, template_save
from gir.perpetrators import services
from gir.perpetrators.constants import MeasureKind, MeasureStatus, MeetingAttendance
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.models import ProtocolRule, Step

from .conftest import decide

BAN_TEMPLATE = "toegangsverbod"


def template_data(**overrides):
    data = {
        "title": "Waarschuwing telefoon",
        "measure_kind": MeasureKind.NO_PHONE_CONTACT,
        "subject": "Waarschuwing voor {{ naam }}",
        "body": "Geachte heer/mevrouw {{ naam }},\n\nU belde ons op een dreigende toon.",
        "is_active": "on",
    }
    data.update(overrides)
    return data


# --- The letter library -------------------------------------------------------------


def test_template_list_shows_the_shipped_letters(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("letters:templates"))
    assert response.status_code == 200
    assert "Toegangsverbod" in response.content.decode()
    assert 'href="/brieven/"' in response.content.decode()  # the menu line


def test_create_template_makes_a_code_from_the_title(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("letters:template_create"), template_data())
    assert response.status_code == 302
    template = LetterTemplate.objects.get(title="Waarschuwing telefoon")
    assert template.code == "waarschuwing-telefoon"
    assert template.measure_kind == MeasureKind.NO_PHONE_CONTACT
    assert AuditEvent.objects.filter(action=AuditAction.TEMPLATE_CHANGED).exists()


def test_unknown_merge_field_is_refused_and_the_input_kept(client, world):
    client.force_login(world.users["coordinator"])
    body = "Geachte {{ voornaam }},\n\nEen eigen zin die blijft staan."
    response = client.post(reverse("letters:template_create"), template_data(body=body))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Onbekend invulveld: {{ voornaam }}" in content
    assert "Een eigen zin die blijft staan." in content
    assert not LetterTemplate.objects.filter(title="Waarschuwing telefoon").exists()


def test_edit_template_and_switch_it_off(client, world):
    template = LetterTemplate.objects.get(code="schadeverhaal")
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("letters:template_edit", args=[template.pk]))
    assert page.status_code == 200
    assert "{{ bezwaar_termijn }}" in page.content.decode()  # the merge fields beside the text
    assert page.context["form"]["body"].value() == template.body
    assert "Wie schade veroorzaakt" in page.content.decode()
    data = template_data(title="Schade verhalen", version=template.version)
    del data["is_active"]
    response = client.post(reverse("letters:template_edit", args=[template.pk]), data)
    assert response.status_code == 302
    template.refresh_from_db()
    assert not template.is_active
    assert template.code == "schadeverhaal"
    assert template.version == 2


def test_a_stale_version_is_refused_and_the_input_kept(client, world):
    template = LetterTemplate.objects.get(code="schadeverhaal")
    opened_version = template.version
    template_save(
        actor=world.users["coordinator"], data={"title": "Door een ander"}, template=template, version=None
    )
    client.force_login(world.users["coordinator"])
    data = template_data(body="Geachte {{ naam }},\n\nMijn nieuwe tekst.", version=opened_version)
    response = client.post(reverse("letters:template_edit", args=[template.pk]), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "intussen gewijzigd" in content
    assert "Mijn nieuwe tekst." in content
    template.refresh_from_db()
    assert template.title == "Door een ander"
    assert "Mijn nieuwe tekst." not in template.body


def test_preview_with_htmx_returns_only_the_filled_in_letter(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("letters:template_preview"),
        {"subject": "Brief aan {{ naam }}", "body": "Geachte {{ naam }},\n\nTot {{ einddatum }}."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert "Brief aan J. de Vries" in content
    assert "{{" not in content
    assert "HX-Request" in response["Vary"]
    assert not LetterTemplate.objects.filter(subject="Brief aan {{ naam }}").exists()


def test_preview_without_javascript_returns_the_form_with_the_preview(client, world):
    template = LetterTemplate.objects.get(code="toegangsverbod")
    client.force_login(world.users["coordinator"])
    data = template_data(body="Geachte {{ naam }},\n\nMijn concepttekst.", template_pk=template.pk)
    response = client.post(reverse("letters:template_preview"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" in content
    assert "Geachte J. de Vries," in content  # the preview
    assert "Geachte {{ naam }}," in content  # the input, kept
    assert reverse("letters:template_edit", args=[template.pk]) in content  # saving still edits it
    template.refresh_from_db()
    assert "Mijn concepttekst." not in template.body


def test_preview_of_an_unknown_field_says_which(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("letters:template_preview"),
        {"subject": "x", "body": "Geachte {{ achternaam }},"},
        headers={"HX-Request": "true"},
    )
    assert "Onbekend invulveld: {{ achternaam }}" in response.content.decode()


# --- Issuing a letter ----------------------------------------------------------------


def issue_data(**overrides):
    data = {
        "template": LetterTemplate.objects.get(code=BAN_TEMPLATE).pk,
        "signatory_title": "Burgemeester",
        "delivery": Delivery.AT_MEETING,
        "to_police": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def test_issue_page_offers_the_ban_letters_and_mandated_signatories(client, world, ban):
    world.users["team_manager"].has_measure_mandate = False
    client.force_login(world.users["team_manager"])
    response = client.get(reverse("letters:issue", args=[ban.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    codes = {t.code for t in form.fields["template"].queryset}
    assert BAN_TEMPLATE in codes
    assert "schriftelijke-waarschuwing" not in codes
    assert "einde-maatregel" not in codes
    signers = set(form.fields["signed_by"].queryset)
    assert signers == {world.users["mayor"]}
    assert form.initial["signed_by"] == world.users["mayor"].pk
    assert form.initial["signatory_title"] == "Burgemeester"
    assert form.initial["delivery"] == Delivery.BY_POST
    assert form.initial["to_police"] is False


def test_preview_then_issue_makes_a_pdf_and_a_word_file(client, world, ban):
    client.force_login(world.users["team_manager"])
    url = reverse("letters:issue", args=[ban.pk])
    data = issue_data(signed_by=world.users["mayor"].pk, action="preview")
    preview = client.post(url, data)
    assert preview.status_code == 200
    content = preview.content.decode()
    assert "Geachte heer/mevrouw Pieter de Vries," in content
    assert f"GIR-{ban.pk}-1" in content
    assert not Letter.objects.exists()
    fingerprint = preview.context["form"]["previewed"].value()
    response = client.post(url, {**data, "action": "issue", "previewed": fingerprint})
    assert response.status_code == 302
    assert response["Location"] == reverse("perpetrators:measure", args=[ban.pk])
    letter = Letter.objects.get()
    assert letter.reference == f"GIR-{ban.pk}-1"
    assert letter.signed_by == world.users["mayor"]
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.pdf.read())).pages)
    assert "Pieter de Vries" in pdf_text
    assert letter.reference in pdf_text
    word = docx.Document(io.BytesIO(letter.docx.read()))
    assert any("Pieter de Vries" in p.text for p in word.paragraphs)
    assert {c.destination for c in letter.copies.all()} == {
        CopyDestination.PERSON_AT_MEETING,
        CopyDestination.FILE,
        CopyDestination.REGISTER,
    }


def test_issue_without_a_preview_shows_the_preview_first(client, world, ban):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("letters:issue", args=[ban.pk]), issue_data(signed_by=world.users["mayor"].pk, action="issue")
    )
    assert response.status_code == 200
    assert "Zo wordt de brief" in response.content.decode()
    assert not Letter.objects.exists()


def test_a_signatory_without_mandate_is_refused_for_a_ban(client, world, ban):
    client.force_login(world.users["team_manager"])
    fingerprint_free = issue_data(signed_by=world.users["team_manager"].pk, action="preview")
    response = client.post(reverse("letters:issue", args=[ban.pk]), fingerprint_free)
    assert response.status_code == 400
    assert "mag deze brief niet ondertekenen" in response.content.decode()
    assert not Letter.objects.exists()


def test_for_a_verbal_warning_the_user_may_sign(client, world, person):
    warning = decide(world, person, MeasureKind.VERBAL_WARNING, decided_by=world.users["team_manager"])
    client.force_login(world.users["team_manager"])
    form = client.get(reverse("letters:issue", args=[warning.pk])).context["form"]
    assert world.users["team_manager"] in set(form.fields["signed_by"].queryset)
    assert form.initial["signed_by"] == world.users["team_manager"].pk
    assert form.initial["signatory_title"] == "namens de burgemeester, teammanager"


def test_police_copy_is_proposed_after_aangifte(client, world, ban):
    rule = ProtocolRule.objects.filter(kind=StepKind.POLICE_REPORT).first()
    Step.objects.create(
        incident=world.incident_a,
        rule=rule,
        kind=StepKind.POLICE_REPORT,
        title=rule.title,
        owner=rule.owner,
        status=StepStatus.DONE,
        outcome="aangifte",
        due_at=timezone.now(),
        completed_at=timezone.now(),
    )
    client.force_login(world.users["coordinator"])
    form = client.get(reverse("letters:issue", args=[ban.pk])).context["form"]
    assert form.initial["to_police"] is True


def test_after_a_no_show_the_letter_goes_by_post_and_registered_post(client, world, person, ban):
    meeting = decide(world, person, MeasureKind.CONDUCT_MEETING, decided_by=world.users["team_manager"])
    services.measure_plan_meeting(
        actor=world.users["team_manager"],
        measure=meeting,
        meeting_at=timezone.now() + timezone.timedelta(days=2),
        place="Stadskantoor",
        attendees="Teammanager",
    )
    client.force_login(world.users["team_manager"])
    url = reverse("letters:issue", args=[ban.pk])
    assert client.get(url).context["form"].initial["delivery"] == Delivery.AT_MEETING
    services.measure_record_meeting(
        actor=world.users["team_manager"], measure=meeting, attendance=MeetingAttendance.NO_SHOW, outcome=""
    )
    assert client.get(url).context["form"].initial["delivery"] == Delivery.NO_SHOW
    data = issue_data(signed_by=world.users["mayor"].pk, delivery=Delivery.NO_SHOW, action="preview")
    fingerprint = client.post(url, data).context["form"]["previewed"].value()
    client.post(url, {**data, "action": "issue", "previewed": fingerprint})
    letter = Letter.objects.get()
    assert {c.destination for c in letter.copies.all()} == {
        CopyDestination.PERSON_BY_POST,
        CopyDestination.PERSON_BY_REGISTERED_POST,
        CopyDestination.FILE,
        CopyDestination.REGISTER,
    }


def test_the_invitation_to_the_conduct_meeting_goes_by_post(client, world, person):
    meeting = decide(world, person, MeasureKind.CONDUCT_MEETING, decided_by=world.users["team_manager"])
    client.force_login(world.users["team_manager"])
    form = client.get(reverse("letters:issue", args=[meeting.pk])).context["form"]
    assert form.initial["delivery"] == Delivery.BY_POST
    assert form.initial["template"] == LetterTemplate.objects.get(code="uitnodiging-ordegesprek").pk


def test_an_ended_measure_offers_the_end_letter_only(client, world, ban):
    services.measure_withdraw(actor=world.users["coordinator"], measure=ban, reason="Fout persoon")
    client.force_login(world.users["coordinator"])
    form = client.get(reverse("letters:issue", args=[ban.pk])).context["form"]
    assert [t.code for t in form.fields["template"].queryset] == ["intrekking-maatregel"]


# --- The letters of a measure: files and copies ---------------------------------------


@pytest.fixture
def letter(world, ban):
    return letter_issue(
        actor=world.users["team_manager"],
        measure=ban,
        template=LetterTemplate.objects.get(code=BAN_TEMPLATE),
        signed_by=world.users["mayor"],
        signatory_title="Burgemeester",
        delivery=Delivery.AT_MEETING,
    )


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("letters:pdf", "application/pdf"),
        ("letters:docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_download_is_an_attachment_and_audit_logged(client, world, letter, name, content_type):
    client.force_login(world.users["legal"])
    response = client.get(reverse(name, args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert letter.reference in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get(action=AuditAction.LETTER_DOWNLOADED)
    assert event.actor == world.users["legal"]
    assert letter.reference in event.detail


def test_download_refused_without_access_to_the_measure(client, world, letter):
    client.force_login(world.users["employee"])
    assert client.get(reverse("letters:pdf", args=[letter.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.LETTER_DOWNLOADED).exists()


def test_handing_over_the_copy_makes_the_ban_active(client, world, ban, letter):
    copy = letter.copies.get(destination=CopyDestination.PERSON_AT_MEETING)
    client.force_login(world.users["team_manager"])
    next_url = reverse("letters:issue", args=[ban.pk])
    response = client.post(reverse("letters:copy_done", args=[copy.pk]), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    copy.refresh_from_db()
    assert copy.done_by == world.users["team_manager"]
    ban.refresh_from_db()
    assert ban.status == MeasureStatus.ACTIVE
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_COPY_DONE).exists()
    page = client.get(next_url).content.decode()
    assert "Overhandigd op" in page


def test_the_letters_section_lists_files_and_copies(client, world, ban, letter):
    client.force_login(world.users["coordinator"])
    content = client.get(reverse("letters:issue", args=[ban.pk])).content.decode()
    assert letter.reference in content
    assert reverse("letters:pdf", args=[letter.pk]) in content
    assert reverse("letters:docx", args=[letter.pk]) in content
    for copy in letter.copies.all():
        assert reverse("letters:copy_done", args=[copy.pk]) in content


def test_copy_done_refused_for_someone_without_the_measure(client, world, letter):
    copy = letter.copies.first()
    client.force_login(world.users["reception"])
    assert client.post(reverse("letters:copy_done", args=[copy.pk])).status_code == 404
    copy.refresh_from_db()
    assert copy.done_at is None


# --- Who may -------------------------------------------------------------------------

MAY_ISSUE = {"coordinator", "legal", "team_manager"}


PERSONAS = ["employee", "employee_b", "team_manager", "coordinator", "aftercare", "reception", "legal"]


@pytest.mark.parametrize("persona", [*PERSONAS, "director", "mayor", "clerk"])
def test_who_may_issue_and_download(client, world, letter, persona):
    client.force_login(world.users[persona])
    issue = client.get(reverse("letters:issue", args=[letter.measure_id]))
    download = client.get(reverse("letters:pdf", args=[letter.pk]))
    expected = persona in MAY_ISSUE
    assert (issue.status_code == 200) is expected
    assert (download.status_code == 200) is expected
    if not expected:
        assert issue.status_code in (403, 404)
        assert letter.reference not in issue.content.decode()


@pytest.mark.parametrize("persona", ["team_manager", "legal", "mayor", "employee"])
def test_only_the_coordinator_edits_templates(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get(reverse("letters:templates")).status_code == 403
    assert client.post(reverse("letters:template_create"), template_data()).status_code == 403
    assert client.post(reverse("letters:template_preview"), template_data()).status_code == 403


def test_a_proposed_measure_gets_no_letter_yet(client, world, person):
    proposed = services.measure_propose(
        actor=world.users["team_manager"],
        perpetrator=person,
        kind=MeasureKind.BUILDING_BAN,
        incidents=[world.incident_a],
    )
    client.force_login(world.users["coordinator"])
    content = client.get(reverse("letters:issue", args=[proposed.pk])).content.decode()
    assert "Een brief over het besluit volgt na het besluit" in content
    assert 'value="preview"' not in content
