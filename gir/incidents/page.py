"""The parts of the incident page that the apps above incidents add (gir.core.pages):
the follow-up plan, perpetrators, police, damage and aftercare. A part is called with
the user, the incident and the bound forms of a failed post."""

from collections.abc import Callable, Mapping
from typing import Any

from gir.core.pages import PageParts

from .models import Incident

incident_page = PageParts("incident")


def page_section_register(name: str, section: Callable[[Any, Incident], dict[str, Any] | None]) -> None:
    """A part that is one section, shown when `section` returns a context (None: not for this user)."""

    def part(user: Any, incident: Incident, forms: Mapping[str, Any]) -> dict[str, Any]:
        return {name: section(user, incident)}

    incident_page.register(name, part)
