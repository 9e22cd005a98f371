"""Input no page can use, refused before any view sees it (issue 17 item 8)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gir.core.exceptions import STORAGE_UNAVAILABLE_MESSAGE, StorageUnavailable

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
