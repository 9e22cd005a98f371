"""Exceptions every domain app shares."""


class ConcurrentEditError(Exception):
    """The record changed since the form was opened: the save is refused, nothing is lost
    (the page shows what is stored now and keeps what was typed)."""
