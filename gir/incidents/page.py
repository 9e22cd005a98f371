"""The incident page is assembled from parts: the facts and evidence are the incidents
app's own; the apps above it (the follow-up plan, perpetrators, police, damage,
aftercare) each add their part by registering it here from their AppConfig.ready().
A part gets the user, the incident and the bound forms of a failed post, and returns
its template context; it decides itself, through its app's policy, what this user sees."""

from collections.abc import Callable, Mapping
from typing import Any

from .models import Incident

PagePart = Callable[[Any, Incident, Mapping[str, Any]], dict[str, Any]]

_parts: dict[str, PagePart] = {}


def page_part_register(name: str, part: PagePart) -> None:
    """Register (or replace, when ready() runs again) the part called `name`."""
    _parts[name] = part


def page_section_register(name: str, section: Callable[[Any, Incident], dict[str, Any] | None]) -> None:
    """A part that is one section, shown when `section` returns a context (None: not for this user)."""
    page_part_register(name, lambda user, incident, forms: {name: section(user, incident)})


def page_parts_context(user: Any, incident: Incident, forms: Mapping[str, Any]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for part in _parts.values():
        context.update(part(user, incident, forms))
    return context
