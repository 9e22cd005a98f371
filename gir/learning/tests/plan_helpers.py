"""Shared set-up of the plan, meeting and notice tests."""

import datetime as dt

from django.utils import timezone

from gir.learning import services


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def add_action(actor, *, team, owner, title="Balie verhogen", days=30, **kwargs):
    return services.action_add(
        actor=actor,
        team=team,
        owner=owner,
        due_on=in_days(days),
        expected_result=kwargs.pop("expected_result", "Minder incidenten aan de balie."),
        title=title,
        **kwargs,
    )
