"""The one parser of numbers and `next` read by hand from a request, and the `__in` lookup
that cannot fail on a value no integer column holds."""

from django.test import RequestFactory

import pytest

from gir.accounts.models import OrganisationUnit
from gir.core.params import MAX_ID, parse_id, parse_int, safe_next


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("-3", -3),
        (7, 7),
        ("abc", None),
        ("1.5", None),
        ("²", None),  # a digit to str.isdigit, not to int()
        ("٣", None),  # Arabic-Indic three
        ("", None),
        (None, None),
        (True, None),
        ("99999999999999999999", None),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
    ],
)
def test_parse_int(value, expected):
    assert parse_int(value) == expected


def test_parse_int_bounds_and_ids():
    assert parse_int("5", minimum=1, maximum=4) is None
    assert parse_int("4", minimum=1, maximum=4) == 4
    assert parse_id("0") is None
    assert parse_id("-1") is None
    assert parse_id("1") == 1


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/meldingen/?pagina=2", "/meldingen/?pagina=2"),
        ("meldingen", None),
        ("https://elders.example/", None),
        ("//elders.example/", None),
        ("/\\elders.example/", None),
        ("/a\r\nSet-Cookie: x", None),
        ("/a b", None),
        ("/a\x00", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_next(target, expected):
    assert safe_next(RequestFactory().get("/"), target) == expected


@pytest.mark.django_db
def test_in_on_an_integer_column_skips_what_no_row_can_hold():
    unit = OrganisationUnit.objects.create(name="Team", kind="team")
    odd = ["abc", "99999999999999999999", 2**70, -(2**70), "1.5"]
    assert list(OrganisationUnit.objects.filter(pk__in=[*odd, unit.pk])) == [unit]
    assert list(OrganisationUnit.objects.filter(pk__in=odd)) == []
    assert OrganisationUnit.objects.exclude(pk__in=odd).count() == OrganisationUnit.objects.count()
