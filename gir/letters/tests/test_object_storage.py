"""Letters in object storage (a real S3-compatible server on 127.0.0.1, gir/core/tests/s3.py):
the PDF and the Word file are written to the private bucket when the letter is issued and
downloaded through the access-checked, audit-logged view (issue 18 item 1)."""

import io

from django.urls import reverse

from pypdf import PdfReader

from gir.audit.models import AuditAction, AuditEvent
from gir.letters.models import Letter

from .test_views import issue_data


def _issue(client, world, ban):
    client.force_login(world.users["team_manager"])
    url = reverse("letters:issue", args=[ban.pk])
    data = issue_data(signed_by=world.users["mayor"].pk, action="preview")
    fingerprint = client.post(url, data).context["form"]["previewed"].value()
    return client.post(url, {**data, "action": "issue", "previewed": fingerprint})


def test_an_issued_letter_is_in_the_bucket_and_downloaded_through_gir(client, world, ban, s3_storage):
    assert _issue(client, world, ban).status_code == 302
    letter = Letter.objects.get()
    assert s3_storage.object_keys() == sorted([letter.pdf.name, letter.docx.name])
    client.force_login(world.users["legal"])
    response = client.get(reverse("letters:pdf", args=[letter.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == s3_storage.read(letter.pdf.name)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "Pieter de Vries" in text and letter.reference in text
    assert AuditEvent.objects.filter(
        action=AuditAction.LETTER_DOWNLOADED, detail__startswith=letter.reference
    ).exists()


def test_a_missing_bucket_issues_no_letter(client, world, ban, s3_storage):
    s3_storage.server.client().delete_bucket(Bucket=s3_storage.bucket)
    response = _issue(client, world, ban)
    assert response.status_code == 503
    assert "de opslag is niet bereikbaar" in response.content.decode()
    assert not Letter.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.LETTER_ISSUED).exists()


def test_a_word_file_the_store_refuses_leaves_no_pdf_behind(client, world, ban, s3_storage):
    # The store takes the PDF and refuses the Word file (a bucket policy; moto enforces it).
    s3_storage.server.client().put_bucket_policy(
        Bucket=s3_storage.bucket,
        Policy=(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", '
            f'"Action": "s3:PutObject", "Resource": "arn:aws:s3:::{s3_storage.bucket}/*.docx"}}]}}'
        ),
    )
    response = _issue(client, world, ban)
    assert response.status_code == 503
    assert not Letter.objects.exists()
    assert s3_storage.object_keys() == []
