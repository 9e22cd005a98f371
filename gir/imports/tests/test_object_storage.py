"""An import on object storage (a real S3-compatible server on 127.0.0.1,
gir/core/tests/s3.py): the uploaded file is kept in the private bucket and the import reads
it from there; a missing bucket keeps the upload page with a message (issue 18 item 1)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gir.imports.constants import BatchStatus
from gir.imports.models import ImportBatch
from gir.incidents.models import Incident

from .test_views import EXAMPLE


def test_an_import_reads_its_file_from_the_bucket(
    client, demo_units, coordinator, s3_storage, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("registratie.xlsx", EXAMPLE.read_bytes())
    client.post(reverse("imports:upload"), {"file": upload})
    batch = ImportBatch.objects.get()
    assert s3_storage.object_keys() == [batch.file.name]
    assert s3_storage.read(batch.file.name) == EXAMPLE.read_bytes()
    client.post(reverse("imports:mapping", args=[batch.pk]), batch.mapping)
    before = Incident.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:start", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and Incident.objects.count() == before + 30


def test_a_missing_bucket_keeps_the_upload_page(client, coordinator, s3_storage):
    s3_storage.server.client().delete_bucket(Bucket=s3_storage.bucket)
    client.force_login(coordinator)
    upload = SimpleUploadedFile("registratie.xlsx", EXAMPLE.read_bytes())
    response = client.post(reverse("imports:upload"), {"file": upload})
    assert response.status_code == 503
    assert "de opslag is niet bereikbaar" in response.content.decode()
    assert not ImportBatch.objects.exists()
