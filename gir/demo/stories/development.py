"""The demo's learning and development (issue 8 item 4): four colleagues of the demo
employee in Publiekszaken handed in their self-assessment last quarter, so the team's
picture (as it stood at the start of this quarter, ADR 0022) waits for a fifth: the
visitor's, as "medewerker", counts from the next quarter on. Two goals are confirmed,
one waits for the manager. The team has a goal on setting limits and the coordinator's
training for it."""

import datetime as dt
import random

from gir.accounts.constants import MembershipRole
from gir.accounts.models import OrganisationUnit, User
from gir.core import clock
from gir.development import services
from gir.development.catalogues import LIMITS
from gir.development.constants import Answer, Level, OfferKind
from gir.development.models import Aspect, Competency
from gir.development.selectors import picture_date

COLLEAGUES = 4
GOALS = (
    "Ik wil bij een boze klant eerder en rustiger de grens benoemen, zonder het gesprek te laten escaleren.",
    "Ik wil leren hoe ik slecht nieuws aan de balie breng zonder dat de spanning oploopt.",
    "Ik wil sneller hulp vragen aan een collega als ik merk dat mijn eigen spanning oploopt.",
    "Ik wil weten hoe ik een incident goed meld en wat er daarna met de veroorzaker gebeurt.",
)


def _answer(rng: random.Random, *, hard: bool) -> int:
    weights = (2, 4, 4, 1) if hard else (4, 5, 2, 1)  # altijd, vaak, soms, nooit
    return rng.choices([a.value for a in Answer], weights=weights)[0]


def load_development_demo(
    *, team_name: str, manager: User, coordinator: User, employee: User, today: dt.date, rng: random.Random
) -> int:
    """The colleagues' self-assessments, the team goal and the offer; returns how many
    self-assessments were handed in."""
    team = OrganisationUnit.objects.get(name=team_name)
    colleagues = list(
        User.objects.filter(memberships__team=team, memberships__role=MembershipRole.MEMBER, is_active=True)
        .exclude(pk=employee.pk)
        .order_by("username")[:COLLEAGUES]
    )
    competencies = list(Competency.objects.filter(is_active=True))
    # Two weeks before this quarter began: counted in this quarter's pictures.
    handed_in = dt.datetime.combine(picture_date(today) - dt.timedelta(days=14), dt.time(10), clock.AMSTERDAM)
    with clock.at(handed_in):
        for number, colleague in enumerate(colleagues):
            draft = services.assessment_start(actor=colleague)
            statements = (
                draft.questionnaire.statements.select_related("aspect") if draft.questionnaire else []
            )
            result = services.assessment_save(
                actor=colleague,
                assessment=draft,
                answers={s.pk: _answer(rng, hard=s.aspect.name == LIMITS) for s in statements},
                levels={c.pk: rng.choice(list(Level.values)[1:5]) for c in competencies},
                learning_goal=GOALS[number % len(GOALS)],
                submit=True,
            )
            if number < 2:
                services.goal_review(actor=manager, assessment=result.assessment, confirm=True)
    goal = services.team_goal_add(
        actor=manager,
        team=team,
        aspect=Aspect.objects.get(name=LIMITS),
        text="Als team consequent dezelfde grens stellen aan de balie, en die grens ook vasthouden.",
    )
    services.offer_save(
        actor=coordinator,
        team=team,
        goal=goal,
        kind=OfferKind.TRAINING,
        title="Training grenzen stellen en vasthouden aan de balie",
        description="Twee dagdelen met een trainingsacteur, op basis van situaties uit het team.",
        sessions=[
            services.SessionInput(today + dt.timedelta(days=30), "Stadskantoor, zaal 2"),
            services.SessionInput(today + dt.timedelta(days=58), "Stadskantoor, zaal 2"),
        ],
        today=today,
    )
    return len(colleagues)
