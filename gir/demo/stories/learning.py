"""The demo's learning (issue 8): the demo team's improvement plan with two actions from
the catalogue, one of the organisation, and a thematic team meeting next month, so the
pages have something to show. Evaluating the serious incidents is left to the visitor:
the demo team has them with their evaluation step open."""

import datetime as dt

from gir.accounts.models import OrganisationUnit, User
from gir.learning import services
from gir.learning.models import CatalogueAction

# (catalogue number, expected result, days until due)
TEAM_ACTIONS = (
    (22, "Het team oefent twee keer per jaar de opvolging van de alarmknop met de beveiliging.", 45),
    (36, "Voor elk huisbezoek aan een bekende veroorzaker ligt een ingevulde checklist klaar.", 20),
)
ORGANISATION_ACTION = (
    27,
    "Een getekend convenant met politie, OM en gemeente over de aanpak na incidenten.",
    90,
)


def load_learning_demo(
    *, team_name: str, manager: User, coordinator: User, employee: User, today: dt.date
) -> int:
    """The plan and the meeting; returns the number of actions."""
    team = OrganisationUnit.objects.get(name=team_name)
    catalogue = CatalogueAction.objects.in_bulk(
        [number for number, *_ in (*TEAM_ACTIONS, ORGANISATION_ACTION)], field_name="number"
    )
    for number, result, days in TEAM_ACTIONS:
        services.action_add(
            actor=manager,
            team=team,
            owner=employee if number == 36 else manager,
            due_on=today + dt.timedelta(days=days),
            expected_result=result,
            catalogue_action=catalogue[number],
            today=today,
        )
    number, result, days = ORGANISATION_ACTION
    services.action_add(
        actor=coordinator,
        team=None,
        owner=coordinator,
        due_on=today + dt.timedelta(days=days),
        expected_result=result,
        catalogue_action=catalogue[number],
        today=today,
    )
    services.meeting_plan(actor=manager, team=team, planned_on=today + dt.timedelta(days=21))
    return len(TEAM_ACTIONS) + 1
