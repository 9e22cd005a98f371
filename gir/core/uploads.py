"""Uploads stream to disk and are held to the file limit as they arrive (issue 18).

Django hands a multipart body to its upload handlers chunk by chunk. GIR's handler writes
each file to a temporary file, as Django's own does, until the file passes
GIR_EVIDENCE_MAX_BYTES: then it deletes what it wrote and lets the rest of that file go by
unread into anything, only counted. The form still gets the file, as a `RefusedUpload` of
the size that was sent and no content, so its own size check says "te groot" at the field,
and the text fields around it, parsed as usual, stay in the form."""

import io
import logging
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

logger = logging.getLogger(__name__)


class RefusedUpload(UploadedFile):
    """A file that was larger than allowed: its name and size, none of its bytes."""

    refused = True

    def __init__(self, name: str, content_type: str | None, size: int, charset: str | None) -> None:
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class LimitedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if not self.refused and start + len(raw_data) > settings.GIR_EVIDENCE_MAX_BYTES:
            self.refused = True
            self.file.close()  # a temporary file is deleted when it is closed
            logger.info("upload over the file limit not kept (%d bytes so far)", start + len(raw_data))
        if self.refused:
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.refused:
            return RefusedUpload(self.file_name or "", self.content_type, file_size, self.charset)
        return super().file_complete(file_size)
