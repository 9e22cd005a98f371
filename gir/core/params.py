"""Values read by hand from a request (a query parameter, a hidden field, a `next`), parsed
in one place so that odd input is refused rather than crashing a view: a number that is not
one or does not fit the database, a `next` that is not a local address."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# The largest id any of GIR's tables holds (BigAutoField, PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1


def parse_int(value: object, *, minimum: int = -MAX_ID - 1, maximum: int = MAX_ID) -> int | None:
    """The whole number `value` stands for (an int, or a string of digits with an optional
    sign and surrounding spaces), or None when it is anything else or outside the range:
    what a database column can hold unless narrower bounds are given."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text[:1] in "+-" else text
        if not digits.isascii() or not digits.isdigit() or len(digits) > 20:
            return None
        number = int(text)
    else:
        return None
    return number if minimum <= number <= maximum else None


def parse_id(value: object) -> int | None:
    """A primary key: a positive whole number that fits the database, else None."""
    return parse_int(value, minimum=1)


def safe_next(request: HttpRequest, target: str | None) -> str | None:
    """`target` when it is an address on this site to send the user back to, else None:
    a path (no scheme, no other host), without control characters or spaces."""
    if not target or not target.startswith("/") or len(target) > 2000:
        return None
    if any(ord(char) < 33 or ord(char) == 127 for char in target):
        return None
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return None
    return target
