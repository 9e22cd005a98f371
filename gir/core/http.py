from django.core.exceptions import PermissionDenied


def forbid_unless(allowed: bool) -> None:
    """Refuse with 403 when a page is not for this user's roles at all."""
    if not allowed:
        raise PermissionDenied
