"""Images checked before anything decodes them: a photo of a few hundred kilobytes can say
it is 30,000 × 30,000 pixels and take gigabytes once opened (a decompression bomb)."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from PIL import Image


def too_large_message(max_pixels: int) -> str:
    return _(
        "Deze afbeelding is te groot: hoogstens %(megapixels)s megapixel. "
        "Verklein de afbeelding en kies haar opnieuw."
    ) % {"megapixels": max_pixels // 1_000_000}


def check_image_size(upload: UploadedFile[bytes], *, max_pixels: int | None = None) -> tuple[int, int]:
    """The image's width and height from its header, or a ValidationError in plain Dutch when
    it has more than `max_pixels` (GIR_IMAGE_MAX_PIXELS) pixels or Pillow calls it a bomb.
    The upload is left at its start. An unreadable image is the caller's to judge: this
    raises UnidentifiedImageError or OSError for it."""
    limit = max_pixels or settings.GIR_IMAGE_MAX_PIXELS
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(too_large_message(limit), code="too_many_pixels") from error
    finally:
        upload.seek(0)
    if width * height > limit:
        raise ValidationError(too_large_message(limit), code="too_many_pixels")
    return width, height
