"""Input no page can use, refused before any view sees it (issue 17 item 8): odd characters,
bodies too large to read (issue 18); and the request id every log record carries."""

import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from gir.core.exceptions import STORAGE_UNAVAILABLE_MESSAGE, StorageUnavailable
from gir.core.logs import current_request_id

logger = logging.getLogger(__name__)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(request: HttpRequest) -> bool:
    """A NUL character in the query string (search boxes, filters, page numbers) or in a body
    that is not a form (JSON): no text GIR keeps or looks for contains one, and PostgreSQL
    refuses it in any text. Form fields are checked by their forms, which say so at the
    field and keep what was typed (Django's ProhibitNullCharactersValidator)."""
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return True
    if request.method in ("POST", "PUT", "PATCH") and not request.content_type.startswith(FORM_TYPES):
        body = request.body
        return b"\x00" in body or b"\\u0000" in body.lower()
    return False


class OddInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            return bad_request(
                request,
                _(
                    "Uw invoer bevat een onzichtbaar teken dat GIR niet kan verwerken (een nul-teken, "
                    "bijvoorbeeld uit geplakte tekst). Haal het weg en probeer het opnieuw."
                ),
            )
        return self.get_response(request)


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """The 400 page with a message that says what was wrong."""
    return render(request, "400.html", {"message": message}, status=400)


def body_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestSizeMiddleware:
    """A request body over GIR_REQUEST_MAX_BYTES is answered at once, before anything reads
    it: a Dutch 413 that says what to do, and nothing is stored. (Below the limit each file
    is still held to GIR_EVIDENCE_MAX_BYTES as it streams in: gir.core.uploads.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length, limit = body_length(request), settings.GIR_REQUEST_MAX_BYTES
        if length > limit:
            logger.warning("request body of %d bytes refused (limit %d)", length, limit)
            message = _(
                "Wat u stuurde is te groot (%(size)s). Er kan hoogstens %(max)s tegelijk mee, en "
                "één bestand mag hoogstens %(file_max)s zijn. Er is niets opgeslagen. Ga terug en "
                "kies minder of kleinere bestanden; na het opslaan kunt u meer bewijs toevoegen "
                "op de pagina van de melding."
            ) % {
                "size": filesizeformat(length),
                "max": filesizeformat(limit),
                "file_max": filesizeformat(settings.GIR_EVIDENCE_MAX_BYTES),
            }
            # No "Connection: close": a WSGI application may not set hop-by-hop headers
            # (Django's development server refuses them, gunicorn drops them).
            return render(request, "413.html", {"message": message}, status=413)
        return self.get_response(request)


# A proxy's id is taken as it is when it looks like an id: a UUID (with or without dashes),
# nginx's $request_id, or similar. Anything else is replaced.
WELL_FORMED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,127}")


def request_id_middleware(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., Any]:
    """Every request gets an id: on every log record of it (gir.core.logs.RequestIdFilter) and
    in the X-Request-ID answer header. The proxy's X-Request-ID is kept only behind a trusted
    proxy (GIR_TRUSTED_PROXY_COUNT > 0): without one anyone could choose the id their
    requests are logged under."""

    def middleware(request: HttpRequest) -> HttpResponse:
        sent = request.headers.get("X-Request-ID", "")
        trusted = settings.GIR_TRUSTED_PROXY_COUNT > 0 and WELL_FORMED_ID.fullmatch(sent)
        request_id = sent if trusted else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        current_request_id.set(request_id)
        response = get_response(request)
        response["X-Request-ID"] = request_id
        return response

    return middleware


@receiver(request_finished)
def _request_id_clear(**kwargs: Any) -> None:
    # After the response is sent (and Django logged a 4xx or 5xx): records outside a
    # request carry no id of an earlier one.
    current_request_id.set(None)


class StorageUnavailableMiddleware:
    """A page that could not read or write a file because the store fails (a download, a
    letter, a dossier) says so in plain Dutch with a 503, instead of a bare server error.
    Forms catch it themselves and keep what was typed (gir.core.forms.submit)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, StorageUnavailable):
            return render(request, "503.html", {"message": STORAGE_UNAVAILABLE_MESSAGE}, status=503)
        return None
