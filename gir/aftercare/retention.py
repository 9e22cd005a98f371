"""The lifetime of aftercare notes (issue 19 item 4, ADR 0023): what was said in the
conversations is health-related and the most private text GIR holds; it goes two years
(by default) after the last conversation about the incident. What the quarterly report
counts (stage, status, dates, processed, referral, secondary victimisation) stays."""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gir.core.retention import Action, RecordKind, register_kind

from .constants import ConversationStatus
from .models import Conversation

WIPED_FIELDS = (
    "request_message",
    "place",
    "facts",
    "emotions",
    "coping",
    "look_back",
    "notes",
    "secondary_victimisation_notes",
    "referral_notes",
)
FINISHED = [ConversationStatus.HELD, ConversationStatus.DECLINED, ConversationStatus.CANCELLED]


def notes_due(cutoff: dt.datetime) -> QuerySet[Any, Any]:
    """Finished conversations with text, of incidents whose conversations all lie
    before the cutoff (the last one counts)."""
    written = Q()
    for field in WIPED_FIELDS:
        written |= ~Q(**{field: ""})
    return (
        Conversation.objects.filter(written, status__in=FINISHED)
        .exclude(incident__aftercare_conversations__updated_at__gte=cutoff)
        .exclude(
            incident__aftercare_conversations__status__in=[
                ConversationStatus.REQUESTED,
                ConversationStatus.SCHEDULED,
            ]
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def notes_wipe(ids: list[int]) -> int:
    return Conversation.objects.filter(pk__in=ids).update(**dict.fromkeys(WIPED_FIELDS, ""))


register_kind(
    RecordKind(
        key="aftercare_notes",
        label=_("Nazorgverslagen"),
        action=Action.ANONYMISE,
        due=notes_due,
        erase=notes_wipe,
        order=50,
    )
)
