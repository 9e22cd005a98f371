"""Every URL of the project, for every role and for an anonymous visitor, against a
declared access matrix (issue 3 §7). A URL missing from the matrix fails the test,
so every new page must say who may see it: each app declares its pages in its own
tests/url_matrix.py, collected here. Object URLs point at the test world's incident_a
unless the app's url_kwargs say otherwise."""

import importlib
import importlib.util
import re
from collections.abc import Iterator
from types import ModuleType

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from conftest import PERSONAS

ALL = frozenset(PERSONAS) | {"councillor"}
ANONYMOUS = "anonymous"
LOGOUTS = {"accounts:logout", "admin:logout"}


def app_matrices() -> list[ModuleType]:
    """Each app's tests/url_matrix.py: its MATRIX (url name, or route of an unnamed
    pattern -> the personas that reach the page), its POST_ONLY names, its url_kwargs(key,
    world) and, optionally, PATTERNS of (regex, personas) for families of URLs."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.url_matrix"
        has_tests = config.name.startswith("gir.") and importlib.util.find_spec(f"{config.name}.tests")
        if has_tests and importlib.util.find_spec(name) is not None:
            found.append(importlib.import_module(name))
    return found


APP_MATRICES = app_matrices()
MATRIX: dict[str, frozenset[str]] = {}
POST_ONLY: set[str] = set()
PATTERNS: list[tuple[re.Pattern[str], frozenset[str]]] = []
for _matrix in APP_MATRICES:
    assert not set(_matrix.MATRIX) & set(MATRIX), f"{_matrix.__name__} declares a URL twice"
    MATRIX.update(_matrix.MATRIX)
    POST_ONLY |= _matrix.POST_ONLY
    PATTERNS.extend(getattr(_matrix, "PATTERNS", ()))


def walk(resolvers: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        else:
            key = f"{namespace}{entry.name}" if entry.name else f"route:{prefix}{entry.pattern}"
            yield key, entry


def expected_for(key: str) -> frozenset[str]:
    if key in MATRIX:
        return MATRIX[key]
    for pattern, personas in PATTERNS:
        if pattern.match(key):
            return personas
    raise AssertionError(f"URL {key!r} is not in the access matrix: declare who may see it.")


def all_url_keys() -> list[str]:
    return sorted({key for key, _ in walk(get_resolver().url_patterns)})


def test_every_url_is_declared():
    for key in all_url_keys():
        expected_for(key)


def build_url(key: str, pattern: URLPattern, world) -> str:
    params = set(pattern.pattern.regex.groupindex)
    values = {
        "pk": world.incident_a.pk,
        "object_id": str(world.users["employee"].pk),
        "id": str(world.users["employee"].pk),
        "app_label": "accounts",
        "content_type_id": 1,
        "url": "onbekend/",
    }
    for _matrix in APP_MATRICES:
        values.update(_matrix.url_kwargs(key, world))
    kwargs = {name: values[name] for name in params}
    if key == "admin:autocomplete":
        return reverse(key) + "?app_label=accounts&model_name=organisationunit&field_name=parent"
    if not key.startswith("route:"):
        return reverse(key, kwargs=kwargs)
    route = key.removeprefix("route:").replace("(?P<url>.*)$", "onbekend/")
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


def reached(key: str, response) -> bool:
    """Did the request get through to the page (as opposed to being refused)?"""
    if key in LOGOUTS:  # logging out always ends with a redirect
        return response.status_code == 302
    if response.status_code in (403, 404):
        return False
    if response.status_code in (301, 302):
        refusals = (reverse("accounts:login"), reverse("admin:login"))
        return not response["Location"].startswith(refusals)
    return response.status_code < 500


@pytest.mark.parametrize("persona", sorted(ALL | {ANONYMOUS}))
def test_access_matrix(client, world, persona):
    if persona != ANONYMOUS:
        client.force_login(world.users[persona])
    mismatches = []
    for key, pattern in walk(get_resolver().url_patterns):
        url = build_url(key, pattern, world)
        method = client.post if key in POST_ONLY else client.get
        response = method(url)
        should_reach = persona in expected_for(key)
        if reached(key, response) != should_reach:
            mismatches.append(f"{key} {url}: {response.status_code}, expected reach={should_reach}")
        if persona != ANONYMOUS and key in LOGOUTS:
            client.force_login(world.users[persona])
    assert not mismatches, "\n".join(mismatches)


def test_refused_object_page_reveals_nothing(client, world):
    client.force_login(world.users["employee_b"])
    for name in ("incidents:detail", "incidents:edit", "incidents:history"):
        response = client.get(reverse(name, args=[world.incident_a.pk]))
        body = response.content.decode()
        assert response.status_code == 404
        assert world.incident_a.reference not in body
        assert world.incident_a.description not in body
        assert world.users["employee"].last_name not in body
    missing = client.get(reverse("incidents:detail", args=[999999]))
    assert missing.status_code == 404
