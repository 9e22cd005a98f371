"""The person's page in the register gets their requests (gir.perpetrators.page)."""

from typing import Any

from gir.access.kernel import Actor
from gir.core import clock
from gir.perpetrators.models import Perpetrator

from ..policy import can_handle_subject_requests
from .selectors import person_requests


def person_requests_part(user: Actor, person: Perpetrator) -> dict[str, Any]:
    """The requests with their terms, for who handles them; nothing for anyone else
    (the template shows the section only when the key is there)."""
    if not can_handle_subject_requests(user):
        return {}
    today = clock.today()
    return {"subject_requests": [(row, row.is_overdue(today)) for row in person_requests(person)]}
