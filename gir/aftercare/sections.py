"""The aftercare section of the incident page (DESIGN §2.5). Handlers see that a
conversation took place — its stage, status and date — never what was said."""

from typing import Any

from gir.incidents.models import Incident
from gir.incidents.policy import is_handler
from gir.protocol.policy import can_work_aftercare

from . import selectors
from .forms import RequestForm
from .policy import can_request_aftercare


def aftercare_section(user: Any, incident: Incident) -> dict[str, Any] | None:
    """For the incident's handlers, its aftercare workers and its own employees; None for others."""
    works = can_work_aftercare(user, incident)
    handles = is_handler(user, incident)
    conversations = selectors.incident_conversations(incident)
    own = [c for c in conversations if c.employee_id == user.pk]
    may_request = can_request_aftercare(user, incident)
    if not (works or handles or own or may_request):
        return None
    return {
        # The employee sees only their own conversations, not a colleague's.
        "conversations": conversations if (works or handles) else own,
        "own_ids": {c.pk for c in own},
        "can_work": works,
        "can_request": may_request,
        "request_form": RequestForm(auto_id="id_aftercare_request_%s") if may_request else None,
    }
