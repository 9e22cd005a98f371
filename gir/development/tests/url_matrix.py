"""The learning-and-development URLs in the project's access matrix
(gir/home/tests/test_url_access_matrix.py).

The assessment URL points at a submitted self-assessment of "employee" (team A): only its
employee reaches it, and team A's manager reaches its goal, never its answers. The team
URL points at team A: its members and manager, the coordinator and directors. The offer
URL points at an offer for team A. Everything is made once per test."""

import datetime as dt

from conftest import PERSONAS

ALL = frozenset(PERSONAS) | {"councillor"}
PICTURE_OF_A = frozenset({"employee", "team_manager", "coordinator", "director"})

MATRIX: dict[str, frozenset[str]] = {
    "development:home": ALL,
    "development:start": ALL,
    "development:assessment": frozenset({"employee"}),
    "development:goals": frozenset({"team_manager"}),
    "development:goal_review": frozenset({"team_manager"}),
    "development:team": PICTURE_OF_A,
    "development:groups": frozenset({"coordinator", "director"}),
    "development:offers": ALL,
    "development:offer_add": frozenset({"coordinator"}),
    "development:offer": PICTURE_OF_A,
}
POST_ONLY: set[str] = set()

MATRIX_GOAL = "Matrix: ik wil beter grenzen stellen."
MATRIX_OFFER = "Matrix: training grenzen stellen"


def url_kwargs(key: str, world) -> dict[str, int]:
    if not key.startswith("development:"):
        return {}
    from django.utils import timezone

    from gir.development import services
    from gir.development.constants import OfferKind
    from gir.development.models import LearningOffer, SelfAssessment

    from .helpers import hand_in

    if key in ("development:assessment", "development:goal_review"):
        assessment = SelfAssessment.objects.filter(learning_goal=MATRIX_GOAL).first()
        if assessment is None:
            assessment = hand_in(world.users["employee"], goal=MATRIX_GOAL)
        return {"pk": assessment.pk}
    if key == "development:team":
        return {"pk": world.team_a.pk}
    if key == "development:offer":
        offer = LearningOffer.objects.filter(title=MATRIX_OFFER).first()
        if offer is None:
            offer = services.offer_save(
                actor=world.users["coordinator"],
                team=world.team_a,
                kind=OfferKind.TRAINING,
                title=MATRIX_OFFER,
                sessions=[services.SessionInput(timezone.localdate() + dt.timedelta(days=14), "Zaal 1")],
            )
        return {"pk": offer.pk}
    return {}
