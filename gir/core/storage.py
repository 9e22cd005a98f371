"""Where GIR keeps its files (DESIGN §3): Django's storage API over local disk or an
S3-compatible object store (django-storages), chosen by GIR_STORAGE in config/settings.py.

Both backends say the same thing when the store fails: StorageUnavailable, logged here
once, which the pages turn into a plain Dutch message (gir.core.forms.submit and
StorageUnavailableMiddleware). A file that is not there stays FileNotFoundError (a 404
for the views that serve it), except when the bucket itself is missing: that is the store
failing, not the file.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage
from django.core.files.storage import Storage

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage as DjangoS3Storage

from gir.core.exceptions import StorageUnavailable

logger = logging.getLogger(__name__)

# An unreachable store answers within seconds, not after the request's timeout.
S3_CLIENT_CONFIG = Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 2, "mode": "standard"})


@contextmanager
def failing_store(
    operation: str, name: str, errors: tuple[type[Exception], ...] = (OSError,)
) -> Iterator[None]:
    """Turn the store's own failure during `operation` into StorageUnavailable, logged."""
    try:
        yield
    except FileNotFoundError:
        raise
    except errors as error:
        logger.error("File storage failed to %s %r: %s", operation, name, error, exc_info=True)
        raise StorageUnavailable(str(error)) from error


class _StorageErrors(Storage):
    """The storage operations GIR uses, with the store's own failures as StorageUnavailable."""

    store_errors: tuple[type[Exception], ...] = (OSError,)

    def save(self, name: str | None, content: IO[Any], max_length: int | None = None) -> str:
        with failing_store("write", name or "", self.store_errors):
            return super().save(name, content, max_length)

    def open(self, name: str, mode: str = "rb") -> File[Any]:
        with failing_store("open", name, self.store_errors):
            return self._open_checked(name, mode)

    def _open_checked(self, name: str, mode: str) -> File[Any]:
        return super().open(name, mode)

    def delete(self, name: str) -> None:
        with failing_store("delete", name, self.store_errors):
            super().delete(name)

    def exists(self, name: str) -> bool:
        with failing_store("look up", name, self.store_errors):
            return super().exists(name)

    def size(self, name: str) -> int:
        with failing_store("measure", name, self.store_errors):
            return super().size(name)


class FileSystemStorage(_StorageErrors, DjangoFileSystemStorage):
    """Local disk (the default): a full or read-only disk is StorageUnavailable."""


class S3Storage(_StorageErrors, DjangoS3Storage):
    """An S3-compatible object store, in a private bucket (settings: GIR_S3_*)."""

    store_errors = (OSError, BotoCoreError, ClientError)

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        # Short timeouts and few retries on top of what django-storages configured (the
        # signature version among it).
        self.client_config = self.client_config.merge(S3_CLIENT_CONFIG)

    def _open_checked(self, name: str, mode: str) -> File[Any]:
        try:
            return super()._open_checked(name, mode)
        except FileNotFoundError:
            # A missing bucket answers "not found" for every file in it: the store fails.
            self.connection.meta.client.head_bucket(Bucket=self.bucket_name)
            raise
