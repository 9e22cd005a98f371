"""Exceptions every domain app shares."""

from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(Exception):
    """The record changed since the form was opened: the save is refused, nothing is lost
    (the page shows what is stored now and keeps what was typed)."""


class StorageUnavailable(Exception):
    """The file store (disk or object storage) could not write or read a file: the user is
    told in plain Dutch, the log has the details, and nothing is half-stored."""


# What the user reads when the store fails (B1).
STORAGE_UNAVAILABLE_MESSAGE = _(
    "De bestanden kunnen nu niet worden opgeslagen of geopend: de opslag is niet bereikbaar. "
    "Probeer het over een paar minuten opnieuw. Blijft het misgaan? Meld het dan bij de beheerder."
)
