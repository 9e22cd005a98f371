"""The incident lifecycle: the transition table, and that nothing else writes an
incident's status, handler or next deadline (issue 16 item 3)."""

import ast
from pathlib import Path

from django.conf import settings

import pytest

from gir.incidents import lifecycle
from gir.incidents.constants import IncidentStatus as S
from gir.incidents.lifecycle import TRANSITIONS, TransitionNotAllowed
from gir.incidents.models import Incident
from gir.incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

LIFECYCLE_FIELDS = {"status", "handler", "handler_id", "next_due_at", "closed_at"}


def test_the_table_allows_only_the_protocol_moves():
    assert set(TRANSITIONS) == {
        (S.DRAFT, S.REPORTED),
        (S.REPORTED, S.IN_PROGRESS),
        (S.REPORTED, S.CLOSED),
        (S.IN_PROGRESS, S.CLOSED),
        (S.CLOSED, S.IN_PROGRESS),
    }


@pytest.mark.parametrize(
    ("current", "target"),
    [(S.DRAFT, S.CLOSED), (S.CLOSED, S.REPORTED), (S.IN_PROGRESS, S.REPORTED), (S.CLOSED, S.DRAFT)],
)
def test_a_move_outside_the_table_is_refused_and_nothing_is_written(world, current, target):
    incident = IncidentFactory(reporter=world.users["employee"], status=current)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.move(actor=None, incident=incident, to=target)
    assert Incident.objects.get(pk=incident.pk).status == current


def test_close_and_reopen_write_status_closed_at_version_and_history(world):
    incident = IncidentFactory(reporter=world.users["employee"], status=S.IN_PROGRESS)
    version = incident.version
    lifecycle.move(actor=world.users["coordinator"], incident=incident, to=S.CLOSED)
    stored = Incident.objects.get(pk=incident.pk)
    assert (stored.status, stored.version) == (S.CLOSED, version + 1)
    assert stored.closed_at is not None
    lifecycle.move(actor=world.users["coordinator"], incident=stored, to=S.IN_PROGRESS, reason="Nieuw feit")
    stored = Incident.objects.get(pk=incident.pk)
    assert (stored.status, stored.closed_at) == (S.IN_PROGRESS, None)


def _assigned_fields(node: ast.Assign) -> list[str]:
    return [
        item.attr
        for target in node.targets
        for item in ast.walk(target)
        if isinstance(item, ast.Attribute)
        and item.attr in LIFECYCLE_FIELDS
        and isinstance(item.value, ast.Name)
        and item.value.id == "incident"
    ]


def _updated_fields(node: ast.Call) -> set[str]:
    if not (isinstance(node.func, ast.Attribute) and node.func.attr == "update"):
        return set()
    if not ast.unparse(node.func.value).startswith("Incident.objects"):
        return set()
    return {keyword.arg for keyword in node.keywords if keyword.arg} & LIFECYCLE_FIELDS


def _lifecycle_writes(path: Path) -> list[str]:
    """Assignments to incident.<field> and Incident.objects…update(<field>=…) in one file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Assign):
            found += [f"{path}:{node.lineno} incident.{name} =" for name in _assigned_fields(node)]
        elif isinstance(node, ast.Call) and (written := _updated_fields(node)):
            found.append(f"{path}:{node.lineno} Incident update {sorted(written)}")
    return found


def test_only_the_lifecycle_writes_status_handler_and_next_deadline():
    # The demo builds rows before they exist and writes them in bulk; everything else
    # changes an incident's place in its lifecycle through gir.incidents.lifecycle.
    root = Path(settings.BASE_DIR) / "gir"
    skipped = {"tests", "migrations", "demo"}
    writes = [
        write
        for path in sorted(root.rglob("*.py"))
        if not skipped & set(path.relative_to(root).parts) and path.name != "lifecycle.py"
        for write in _lifecycle_writes(path)
    ]
    assert not writes, "\n".join(writes)
