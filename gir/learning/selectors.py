"""Reads of learning: what a thematic team meeting discusses (000; 004 §4)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Incident

from .constants import OPEN_ACTION_STATUSES, EvaluationStatus, MeetingStatus
from .models import Evaluation, ImprovementAction, TeamMeeting

# Without an earlier meeting, the agenda looks back this far.
FIRST_MEETING_LOOKBACK = dt.timedelta(days=92)


@dataclass
class Agenda:
    since: dt.date
    incidents: QuerySet[Incident]
    evaluations: QuerySet[Evaluation]
    open_actions: QuerySet[ImprovementAction]
    done_actions: QuerySet[ImprovementAction]


def meeting_agenda(meeting: TeamMeeting) -> Agenda:
    """The team's incidents, finished evaluations and actions since its last held meeting
    (the restricted track stays out: it is not the team's to discuss, 001 §6.4)."""
    previous = (
        TeamMeeting.objects.filter(
            team=meeting.team, status=MeetingStatus.HELD, held_on__lt=meeting.planned_on
        )
        .exclude(pk=meeting.pk)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    since = previous or meeting.planned_on - FIRST_MEETING_LOOKBACK
    incidents = (
        Incident.objects.filter(team=meeting.team, is_restricted=False, occurred_at__date__gte=since)
        .exclude(status=IncidentStatus.DRAFT)
        .select_related("location")
        .prefetch_related("behaviours")
        .order_by("-occurred_at")
    )
    evaluations = Evaluation.objects.filter(
        incident__in=incidents.values("pk"), status=EvaluationStatus.FINAL
    ).select_related("incident")
    actions = ImprovementAction.objects.filter(team=meeting.team).select_related("owner", "catalogue_action")
    return Agenda(
        since=since,
        incidents=incidents,
        evaluations=evaluations.prefetch_related("causes__factor"),
        open_actions=actions.filter(status__in=OPEN_ACTION_STATUSES),
        done_actions=actions.filter(completed_on__gte=since),
    )
