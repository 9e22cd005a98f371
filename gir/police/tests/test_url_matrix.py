"""The police rows of the project's access matrix, on their own: the project-wide walk
(gir/home/tests/test_url_access_matrix.py) stops at the first page another app has not
declared yet, so the police pages are also checked here for every persona."""

from django.urls import get_resolver

import pytest

from gir.home.tests.test_url_access_matrix import ALL, ANONYMOUS, build_url, reached, walk
from gir.police.tests.url_matrix import MATRIX, POST_ONLY


@pytest.mark.parametrize("persona", sorted(ALL | {ANONYMOUS}))
def test_police_pages_per_persona(client, world, persona):
    if persona != ANONYMOUS:
        client.force_login(world.users[persona])
    keys = {key: pattern for key, pattern in walk(get_resolver().url_patterns) if key.startswith("police:")}
    assert set(keys) == set(MATRIX)
    mismatches = []
    for key, pattern in keys.items():
        url = build_url(key, pattern, world)
        response = (client.post if key in POST_ONLY else client.get)(url)
        if reached(key, response) != (persona in MATRIX[key]):
            mismatches.append(f"{key} {url}: {response.status_code}")
    assert not mismatches, "\n".join(mismatches)
