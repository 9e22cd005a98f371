"""Odd input on every page, for every role (issue 17 item 8): no server errors.

Walks the URLs as the access matrix does (each app's tests/url_matrix.py, its
url_kwargs, the test world of the root conftest.py), so a new page is covered as soon as
it is declared there. For every persona that reaches a URL it

- GETs the page with odd query strings (non-integer and huge page numbers, odd filter
  values, NUL bytes, invalid UTF-8, htmx requests);
- reads the page's forms (their fields, hidden ones and buttons included) and sends each
  form once per class of odd value, every field filled with that class: huge strings,
  NUL bytes, invalid UTF-8 (raw bytes in the body), negative and huge numbers, dates
  that do not exist, every key twice, empty values, the form as it stands, and a
  30,000 × 30,000 px PNG in its file fields;
- POSTs the same classes to the POST-only URLs, with the fields of the forms that point
  at them.

Every answer must be below 500. Each URL's requests run in a savepoint that is rolled
back, so what one odd request manages to change does not move the next URL's world."""

import struct
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

from django.db import transaction
from django.urls import Resolver404, get_resolver, resolve

import pytest

from gir.home.tests.test_url_access_matrix import (
    ALL,
    ANONYMOUS,
    LOGOUTS,
    POST_ONLY,
    build_url,
    expected_for,
    walk,
)

HUGE_TEXT = "x" * 100_000
HUGE_NUMBER = "99999999999999999999"
# Query parameters the pages read by hand, besides their GET forms' fields.
QUERY_NAMES = (
    "pagina",
    "page",
    "p",
    "o",
    "q",
    "naam",
    "melding",
    "doel",
    "actie",
    "oorzaak",
    "team",
    "jaar",
    "kwartaal",
    "tabel",
    "status",
    "next",
    "term",
    "other",
)
# One value per class: every field of a form gets it (a negative number comes with the
# duplicate keys: the last of two values is the one a view reads).
ODD_VALUES = {
    "huge": HUGE_TEXT,
    "nul": "a\x00b",
    "huge_number": HUGE_NUMBER,
    "wrong_date": "2026-02-30",
    "zero_date": "0000-00-00",
    "far_date": "31-12-9999",
    "empty": "",
    "not_a_url": "no url\r\nat all",
}
ODD_QUERIES = {
    "huge": HUGE_TEXT,
    "nul": "a\x00b",
    "huge_number": HUGE_NUMBER,
    "not_a_number": "30-02-2026x",
}
# Django's own error texts: a refused form says what is wrong in Dutch.
ENGLISH = (
    "This field is required",
    "Enter a valid",
    "Select a valid choice",
    "Null characters are not allowed",
    "Ensure this value",
    "Bad Request",
)
# Pages whose every POST ends the session or would have to be followed by a new log-in.
SKIP = LOGOUTS


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A PNG that says it is width × height pixels: a few hundred bytes, billions when decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@dataclass
class Form:
    action: str
    method: str
    multipart: bool
    # (name, value, kind): kind is the input type, "select", "select-multiple" or "textarea"
    fields: list[tuple[str, str, str]] = field(default_factory=list)
    # Buttons that send the form elsewhere (formaction, htmx's hx-post).
    other_actions: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        return list(dict.fromkeys(name for name, _value, kind in self.fields if kind != "file"))

    def file_names(self) -> list[str]:
        return [name for name, _value, kind in self.fields if kind == "file"]

    def as_is(self) -> list[tuple[str, str]]:
        """What a browser would send untouched (the first option of a select, checked boxes)."""
        return [(name, value) for name, value, kind in self.fields if kind != "file"]


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self.textarea: list[str] | None = None
        self.textarea_name = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.current = Form(
                action=a.get("action") or a.get("hx-post", ""),
                method="post" if "hx-post" in a else a.get("method", "get").lower(),
                multipart="multipart" in a.get("enctype", ""),
            )
            self.forms.append(self.current)
            return
        form = self.current
        if form is None:
            return
        for attribute in ("formaction", "hx-post"):
            if a.get(attribute):
                form.other_actions.append(a[attribute])
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            form.fields.append((name, a.get("value", "on" if kind == "checkbox" else ""), kind))
        elif tag == "button" and name:
            form.fields.append((name, a.get("value", ""), "button"))
        elif tag == "select" and name:
            self.select = (name, "multiple" in a, [])
        elif tag == "option" and self.select is not None:
            self.select[2].append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self.textarea, self.textarea_name = [], name

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.append(data)

    def handle_endtag(self, tag: str) -> None:
        form = self.current
        if tag == "form":
            self.current = None
        elif tag == "select" and self.select is not None and form is not None:
            name, multiple, options = self.select
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not multiple:
                chosen = [options[0][0]]
            for value in chosen or [""]:
                form.fields.append((name, value, "select-multiple" if multiple else "select"))
            self.select = None
        elif tag == "textarea" and self.textarea is not None and form is not None:
            form.fields.append((self.textarea_name, "".join(self.textarea), "textarea"))
            self.textarea = None


def forms_of(response, url: str) -> list[Form]:
    if "html" not in response.get("Content-Type", ""):
        return []
    parser = FormParser()
    parser.feed(response.content.decode("utf-8", "replace"))
    forms = []
    for form in parser.forms:
        for action in [form.action, *form.other_actions]:
            path = urlsplit(action or url).path or urlsplit(url).path
            forms.append(
                Form(path, "post" if action != form.action else form.method, form.multipart, form.fields)
            )
    return forms


def url_key(path: str) -> str | None:
    """The matrix key of a path, as walk() names it."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name if match.url_name else None


def post_bodies(form: Form) -> list[tuple[str, dict]]:
    """(class, keyword arguments for client.post) for each class of odd value."""
    names, files = form.names(), form.file_names()
    bodies: list[tuple[str, dict]] = [
        (label, {"data": dict.fromkeys(names, value)}) for label, value in ODD_VALUES.items()
    ]
    bodies.append(("as_is", {"data": _multi(form.as_is())}))
    # The form as it stands with its hidden fields (version, next, ids) tampered with: the
    # values a view reads by hand, reached with every other field valid.
    for label, odd in (
        ("hidden_not_a_number", "abc"),
        ("hidden_huge_number", HUGE_NUMBER),
        ("hidden_nul", "1\x00"),
    ):
        tampered = [
            (name, odd if kind == "hidden" else value) for name, value, kind in form.fields if kind != "file"
        ]
        bodies.append((label, {"data": _multi(tampered)}))
    duplicated = _multi([*form.as_is(), *[(name, "x") for name in names], *[(name, "-1") for name in names]])
    bodies.append(("duplicate_keys", {"data": duplicated}))
    if form.multipart:
        boundary = "OddInputBoundary"
        parts = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + b"\xff\xfe\xc0\r\n"
            for name in names
        )
        body = parts + f"--{boundary}--\r\n".encode()
        bodies.append(
            ("invalid_utf8", {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"})
        )
    else:
        raw = "&".join(f"{quote(name)}=%FF%FE{quote(value)}" for name, value in form.as_is())
        body = raw.encode() + b"&x=\xff\xfe"
        bodies.append(("invalid_utf8", {"data": body, "content_type": "application/x-www-form-urlencoded"}))
    if files:
        bomb = {name: _upload("bom.png", bomb_png()) for name in files}
        bodies.append(("decompression_bomb", {"data": {**_multi(form.as_is()), **bomb}}))
    return bodies


def _multi(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


def odd_queries(get_forms: list[Form]) -> list[tuple[str, str]]:
    """(class, query string) for the GETs of a page."""
    names = list(dict.fromkeys([*QUERY_NAMES, *(n for form in get_forms for n in form.names())]))
    queries = [(label, urlencode(dict.fromkeys(names, value))) for label, value in ODD_QUERIES.items()]
    queries.append(("invalid_utf8", "&".join(f"{name}=%FF%FE%C0" for name in names)))
    queries.append(("duplicate_keys_htmx", "&".join(f"{name}=1&{name}=-1" for name in names)))
    return queries


@dataclass
class Failure:
    persona: str
    method: str
    url: str
    label: str
    what: str

    def __str__(self) -> str:
        return f"{self.persona} {self.method} {self.url} [{self.label}]: {self.what}"


def _send(client, failures: list[Failure], persona: str, method: str, url: str, label: str, **kwargs):
    """One request in a savepoint of its own (a database error must not end the test's transaction)."""
    try:
        with transaction.atomic():
            response = getattr(client, method)(url, **kwargs)
            transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 - every server error is what this test looks for
        failures.append(
            Failure(persona, method.upper(), url, label, f"{type(error).__name__}: {error}"[:300])
        )
        return None
    if response.status_code >= 500:
        failures.append(Failure(persona, method.upper(), url, label, f"status {response.status_code}"))
    elif response.status_code == 400 and "html" in response.get("Content-Type", ""):
        body = response.content.decode("utf-8", "replace")
        english = [text for text in ENGLISH if text in body]
        if english:
            failures.append(Failure(persona, method.upper(), url, label, f"English error: {english}"))
    return response


def reachable_urls(world, persona: str) -> list[tuple[str, str]]:
    urls = []
    for key, pattern in walk(get_resolver().url_patterns):
        if key in SKIP or key.startswith("route:") or persona not in expected_for(key):
            continue
        urls.append((key, build_url(key, pattern, world)))
    return urls


# What an earlier persona already sent every class to (a page and its GET forms' fields, a
# form's action and fields): another persona that reaches the same page or form sends the
# classes in REPEAT only, which keeps the test at a few minutes per database.
TRIED: set[tuple[str, tuple[str, ...]]] = set()
REPEAT = frozenset({"as_is", "huge_number", "not_a_number", "duplicate_keys_htmx"})


def first_time(signature: tuple[str, tuple[str, ...]]) -> bool:
    new = signature not in TRIED
    TRIED.add(signature)
    return new


def _classes[T](items: list[tuple[str, T]], full: bool) -> list[tuple[str, T]]:
    return items if full else [(label, item) for label, item in items if label in REPEAT]


@pytest.mark.slow
@pytest.mark.parametrize("persona", sorted(ALL | {ANONYMOUS}))
def test_odd_input_gives_no_server_error(client, world, persona):
    if persona != ANONYMOUS:
        client.force_login(world.users[persona])
    failures: list[Failure] = []
    forms: dict[str, list[Form]] = {}  # POST forms by the matrix key of their action
    post_only: list[tuple[str, str]] = []
    seen_forms: set[tuple[str, tuple[str, ...]]] = set()
    for key, url in reachable_urls(world, persona):
        if key in POST_ONLY:
            post_only.append((key, url))
            continue
        response = _send(client, failures, persona, "get", url, "page")
        if response is None or response.status_code != 200:
            continue
        page_forms = forms_of(response, url)
        get_forms = [form for form in page_forms if form.method == "get"]
        # A download (PDF, spreadsheet) reads only its own parameters: the number classes.
        full = first_time((key, tuple(n for form in get_forms for n in form.names())))
        full = full and "html" in response.get("Content-Type", "")
        for label, query in _classes(odd_queries(get_forms), full):
            headers = {"HTTP_HX_REQUEST": "true"} if label.endswith("htmx") else {}
            _send(client, failures, persona, "get", f"{url}?{query}", label, **headers)
        for form in page_forms:
            action_key = url_key(form.action) if form.method == "post" else None
            if action_key is None or action_key in SKIP:
                continue
            forms.setdefault(action_key, []).append(form)
            if (form.action, tuple(form.names())) in seen_forms:
                continue
            seen_forms.add((form.action, tuple(form.names())))
            full = first_time((action_key, tuple(form.names())))
            for label, kwargs in _classes(post_bodies(form), full):
                _send(client, failures, persona, "post", form.action, label, **kwargs)
    for key, url in post_only:
        for form in forms.get(key) or [Form(action=url, method="post", multipart=False)]:
            if (url, tuple(form.names())) in seen_forms:
                continue
            seen_forms.add((url, tuple(form.names())))
            full = first_time((key, tuple(form.names())))
            for label, kwargs in _classes(post_bodies(form), full):
                _send(client, failures, persona, "post", url, label, **kwargs)
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(map(str, failures[:60]))
