"""The one way a reminder goes out exactly once (ADR 0003): claim it, send it and commit,
all in one transaction.

The claim is a conditional UPDATE of the reminder's row (`… SET sent_at = now WHERE
sent_at IS NULL`). Only the round whose UPDATE changes the row sends; a round running
beside it waits for the row lock and then finds the row claimed. A send that fails rolls
the claim back with it, so the next round tries again. Step notices (protocol),
improvement-action notices (learning) and duty notices (duties) all go through here.

This module sits in the bottom layer and knows no GIR model: the caller passes the
row to claim, the values that mark it, and what to send.
"""

import logging
from collections.abc import Callable, Mapping

from django.db import transaction
from django.db.models import Model, QuerySet

logger = logging.getLogger(__name__)


def claim_and_send[M: Model](
    *,
    unclaimed: QuerySet[M],
    claim: Mapping[str, object],
    send: Callable[[], int],
    what: str,
) -> int:
    """Claim the reminder, send it and commit in one transaction; returns the mails sent.

    `unclaimed` selects the reminder's row only while nobody has claimed it (for
    example `filter(pk=pk, sent_at=None)`); `claim` are the values the UPDATE sets.
    `send` runs only after this round won the claim, inside the same transaction.
    A reminder already claimed sends nothing. A failing `send` is logged, not raised:
    its claim is rolled back for the next round, and the other reminders of this
    round still go out. Sending nothing (nobody to mail) still keeps the claim.
    """
    try:
        with transaction.atomic():
            if not unclaimed.update(**claim):
                return 0
            return send()
    except Exception:
        logger.exception("Sending %s failed; it stays unsent and the next round retries it.", what)
        return 0
