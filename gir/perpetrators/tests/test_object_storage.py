"""A person's photo in object storage (a real S3-compatible server on 127.0.0.1,
gir/core/tests/s3.py): stored in the private bucket, shown only through the access-checked
view, and kept when the store fails while a new one is uploaded (issue 18 item 1)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from pypdf import PdfReader

from gir.perpetrators.models import Perpetrator
from gir.perpetrators.tests.factories import PerpetratorFactory

from .test_reception import banned  # noqa: F401 - the fixture
from .test_register_views import png_bytes


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.users["coordinator"])
    return client


def _upload_photo(client, person, content):
    photo = SimpleUploadedFile("greet.png", content, content_type="image/png")
    return client.post(
        reverse("perpetrators:edit", args=[person.pk]),
        {"full_name": "Greet Groen", "version": person.version, "photo": photo},
    )


def test_a_photo_is_stored_in_the_bucket_and_served_by_gir(coordinator_client, world, s3_storage):
    person = PerpetratorFactory(full_name="Greet Groen", incidents=[world.incident_a])
    content = png_bytes()
    assert _upload_photo(coordinator_client, person, content).status_code == 302
    person.refresh_from_db()
    assert s3_storage.object_keys() == [person.photo.name]
    assert s3_storage.read(person.photo.name) == content
    response = coordinator_client.get(reverse("perpetrators:photo", args=[person.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Cache-Control"] == "private, no-store"


def test_a_new_photo_replaces_the_old_one_in_the_bucket(
    coordinator_client, world, s3_storage, django_capture_on_commit_callbacks
):
    person = PerpetratorFactory(full_name="Greet Groen", incidents=[world.incident_a])
    _upload_photo(coordinator_client, person, png_bytes())
    person.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert _upload_photo(coordinator_client, person, png_bytes()).status_code == 302
    person.refresh_from_db()
    assert s3_storage.object_keys() == [person.photo.name]


def test_a_store_that_fails_keeps_the_old_photo_and_what_was_typed(coordinator_client, world, s3_storage):
    person = PerpetratorFactory(full_name="Greet Groen", incidents=[world.incident_a])
    old = png_bytes()
    _upload_photo(coordinator_client, person, old)
    person.refresh_from_db()
    client = s3_storage.server.client()
    # The store refuses every write from now on: a bucket policy denying PutObject (moto
    # enforces it).
    client.put_bucket_policy(
        Bucket=s3_storage.bucket,
        Policy=(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", '
            f'"Action": "s3:PutObject", "Resource": "arn:aws:s3:::{s3_storage.bucket}/*"}}]}}'
        ),
    )
    response = _upload_photo(coordinator_client, person, png_bytes())
    assert response.status_code == 503
    assert "de opslag is niet bereikbaar" in response.content.decode()
    assert Perpetrator.objects.get(pk=person.pk).photo.name == person.photo.name
    assert s3_storage.read(person.photo.name) == old


def test_the_ban_list_pdf_embeds_the_photo_from_the_bucket(client, world, s3_storage, request):
    person, _ban = request.getfixturevalue("banned")  # made with the bucket in place
    assert s3_storage.object_keys() == [person.photo.name]
    client.force_login(world.users["reception"])
    response = client.get(reverse("reception:ban_list_pdf"))
    reader = PdfReader(io.BytesIO(response.content))
    assert any(page.images for page in reader.pages)


def test_the_ban_list_pdf_comes_without_photos_when_the_store_fails(client, world, s3_storage, request):
    request.getfixturevalue("banned")
    bucket = s3_storage.server.client()
    for key in s3_storage.object_keys():
        bucket.delete_object(Bucket=s3_storage.bucket, Key=key)
    bucket.delete_bucket(Bucket=s3_storage.bucket)
    client.force_login(world.users["reception"])
    response = client.get(reverse("reception:ban_list_pdf"))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert "Hendrik van der Berg" in "".join(page.extract_text() for page in reader.pages)
    assert not any(page.images for page in reader.pages)
