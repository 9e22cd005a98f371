import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from gir.protocol.tests.helpers import report

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes(colour: str = "red") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_upload(name: str = "kopie.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def local_input(moment: dt.datetime) -> str:
    """The value a datetime-local input posts."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def incident(world):
    """Physical violence with a hospital visit, yesterday, reported by the employee of team A:
    the plan holds a police step and a labour inspectorate step."""
    return report(
        world.users["employee"],
        behaviours=("physical",),
        occurred_at=timezone.now() - dt.timedelta(days=1),
        injury="hospital",
        witnesses="Jan Getuige, collega aan de balie",
        perpetrator_name="Piet Dader",
    )
