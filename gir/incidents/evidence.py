"""Checking and storing evidence files: type by content, size limit, SHA-256 (DESIGN §2.1)."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

import magic
from PIL import UnidentifiedImageError

from gir.core.images import check_image_size

# Images, PDF, audio, video and e-mail files, as recognised by libmagic.
ALLOWED_CONTENT_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "image/heic",
        "image/heif",
        "application/pdf",
        "audio/mpeg",
        "audio/x-wav",
        "audio/wav",
        "audio/ogg",
        "audio/mp4",
        "audio/x-m4a",
        "audio/aac",
        "video/mp4",
        "video/quicktime",
        "video/webm",
        "video/x-msvideo",
        "video/3gpp",
        "message/rfc822",
        "application/vnd.ms-outlook",
    }
)

# Images whose pixels are counted before they are kept: whoever opens one decodes them all.
DECODED_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


def sniff_content_type(upload: UploadedFile[bytes]) -> str:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    return str(magic.from_buffer(head, mime=True))


def check_evidence_file(upload: UploadedFile[bytes]) -> str:
    """The file's real content type, or a ValidationError in plain Dutch."""
    max_bytes = settings.GIR_EVIDENCE_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("‘%(name)s’ is te groot (%(size)s). Een bestand mag hoogstens %(max)s zijn.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(max_bytes),
            },
            code="too_large",
        )
    content_type = sniff_content_type(upload)
    if content_type not in ALLOWED_CONTENT_TYPES:
        raise ValidationError(
            _("‘%(name)s’ is geen foto, PDF, geluid, video of e-mail. Het bestand is niet toegevoegd.")
            % {"name": upload.name},
            code="wrong_type",
        )
    if content_type in DECODED_IMAGE_TYPES:
        try:
            check_image_size(upload)
        except ValidationError as error:
            raise ValidationError(
                _("‘%(name)s’: %(problem)s") % {"name": upload.name, "problem": error.messages[0]},
                code="too_many_pixels",
            ) from error
        except (UnidentifiedImageError, OSError, SyntaxError):
            pass  # evidence is kept untouched, readable or not; only its size in pixels is judged
    return content_type


def sha256_of(upload: UploadedFile[bytes]) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
