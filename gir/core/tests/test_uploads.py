"""Uploads stream to disk and stop at the file limit; a body over the request limit is
refused before it is read (issue 18)."""

import io
import tracemalloc

from django.core.files.uploadhandler import load_handler
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParser

from gir.core.uploads import RefusedUpload

BOUNDARY = "grens"
MB = 1024 * 1024


class GeneratedBody(io.RawIOBase):
    """A multipart body made while it is read: a text field, then a file of `size` bytes,
    then another text field. Nothing ever holds it whole."""

    def __init__(self, size: int) -> None:
        field = f"--{BOUNDARY}\r\nContent-Disposition: form-data; name="
        self.head = (
            f'{field}"description"\r\n\r\nEen klant schreeuwde\r\n'
            f'{field}"evidence_files"; filename="video.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
        ).encode()
        self.tail = f'\r\n{field}"setting"\r\n\r\ncounter\r\n--{BOUNDARY}--\r\n'.encode()
        self.size = size
        self.position = 0
        self.length = len(self.head) + size + len(self.tail)

    def read(self, n: int = -1) -> bytes:
        if n < 0:
            n = self.length - self.position
        chunks = []
        while n > 0 and self.position < self.length:
            if self.position < len(self.head):
                part = self.head[self.position : self.position + n]
            elif self.position < len(self.head) + self.size:
                left = len(self.head) + self.size - self.position
                part = b"v" * min(n, left, MB)
            else:
                offset = self.position - len(self.head) - self.size
                part = self.tail[offset : offset + n]
            chunks.append(part)
            self.position += len(part)
            n -= len(part)
        return b"".join(chunks)


def parse(body: GeneratedBody, settings_handlers):
    request = HttpRequest()
    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(body.length),
    }
    handlers = [load_handler(path, request) for path in settings_handlers]
    return MultiPartParser(meta, body, handlers).parse()


def test_a_file_over_the_limit_is_counted_not_kept(settings, tmp_path):
    settings.GIR_EVIDENCE_MAX_BYTES = 2 * MB
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    body = GeneratedBody(40 * MB)
    tracemalloc.start()
    try:
        post, files = parse(body, settings.FILE_UPLOAD_HANDLERS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    upload = files["evidence_files"]
    assert isinstance(upload, RefusedUpload)
    assert upload.size == 40 * MB  # what was sent, so the form can say how large it was
    assert upload.read() == b""
    assert post["description"] == "Een klant schreeuwde"
    assert post["setting"] == "counter"  # the text after the file is read too
    assert peak < 8 * MB  # streamed: never the 40 MB in memory
    assert list(tmp_path.iterdir()) == []  # and nothing of it left on disk


def test_a_file_under_the_limit_streams_to_disk(settings, tmp_path):
    settings.GIR_EVIDENCE_MAX_BYTES = 2 * MB
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    _post, files = parse(GeneratedBody(MB), settings.FILE_UPLOAD_HANDLERS)
    upload = files["evidence_files"]
    assert not isinstance(upload, RefusedUpload)
    assert upload.temporary_file_path().startswith(str(tmp_path))
    assert upload.size == MB
    upload.close()
