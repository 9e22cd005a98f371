"""The writes and reads of learning and development: one draft at a time, a half-filled
self-assessment kept as a draft that counts nowhere, the manager's agreement to the goal
with its mails, team goals, the learning offer's dates, stale edits refused, and the
aggregated picture that shows nothing below five people."""

import datetime as dt

from django.core.exceptions import ValidationError

import pytest

from gir.accounts.constants import MembershipRole, Role
from gir.accounts.models import FunctionGroup, User
from gir.accounts.tests.factories import TeamFactory, TeamMembershipFactory, UserFactory
from gir.core.exceptions import ConcurrentEditError
from gir.development import services
from gir.development.constants import Answer, AssessmentStatus, GoalStatus, Level, OfferKind
from gir.development.models import Questionnaire, SelfAssessment, Statement
from gir.development.selectors import function_group_picture, function_group_pictures, team_picture
from gir.development.services import SessionInput

from .helpers import all_answers, all_levels, hand_in, member, next_quarter, questionnaire

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def team():
    return TeamFactory(name="Werkplein Noord")


@pytest.fixture
def manager(team):
    user = UserFactory(roles=[Role.EMPLOYEE, Role.TEAM_MANAGER])
    TeamMembershipFactory(user=user, team=team, role=MembershipRole.MANAGER)
    return user


# --- The self-assessment ---------------------------------------------------------------------


def test_start_uses_the_function_group_and_keeps_one_draft(team):
    employee = member(team)
    draft = services.assessment_start(actor=employee)
    assert draft.questionnaire == questionnaire()
    assert services.assessment_start(actor=employee, questionnaire=Questionnaire.objects.last()) == draft
    assert SelfAssessment.objects.filter(employee=employee).count() == 1


def test_half_filled_submit_stays_a_draft_and_says_what_is_missing(team):
    employee = member(team)
    draft = services.assessment_start(actor=employee)
    first = draft.questionnaire.statements.first()
    result = services.assessment_save(
        actor=employee,
        assessment=draft,
        answers={first.pk: Answer.OFTEN},
        levels={},
        learning_goal="",
        submit=True,
        expected_version=draft.version,
    )
    assert not result.submitted
    assert result.assessment.status == AssessmentStatus.DRAFT
    assert len(result.missing) == 3
    assert "uitspraken" in result.missing[0] and "competenties" in result.missing[1]
    # What was filled in is kept.
    assert list(result.assessment.answers.values_list("statement_id", "answer")) == [(first.pk, Answer.OFTEN)]
    assert result.assessment.version == draft.version + 1


def test_complete_submit_proposes_the_goal_and_mails_the_manager(
    team, manager, django_capture_on_commit_callbacks, mailoutbox
):
    employee = member(team)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = hand_in(employee)
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.goal_status == GoalStatus.PROPOSED
    assert [m.to for m in mailoutbox] == [[manager.email]]
    assert f"/leren/leerdoelen/{assessment.pk}/" in mailoutbox[0].body
    # A handed-in assessment does not change any more; a new one can be started.
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=employee, assessment=assessment, answers={}, levels={}, learning_goal="Anders"
        )
    assert services.assessment_start(actor=employee).pk != assessment.pk


def test_save_refuses_a_stale_version_and_foreign_input(team):
    employee = member(team)
    draft = services.assessment_start(actor=employee)
    services.assessment_save(actor=employee, assessment=draft, answers={}, levels={}, learning_goal="a")
    with pytest.raises(ConcurrentEditError):
        services.assessment_save(
            actor=employee, assessment=draft, answers={}, levels={}, learning_goal="b", expected_version=1
        )
    other = Statement.objects.exclude(questionnaire=draft.questionnaire).first()
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=employee, assessment=draft, answers={other.pk: Answer.ALWAYS}, levels={}, learning_goal=""
        )
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=employee, assessment=draft, answers={}, levels=all_levels(9), learning_goal=""
        )
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=member(team), assessment=draft, answers={}, levels={}, learning_goal=""
        )


# --- The goal --------------------------------------------------------------------------------------


def test_return_needs_a_comment_then_rewrite_and_confirm(
    team, manager, django_capture_on_commit_callbacks, mailoutbox
):
    employee = member(team)
    assessment = hand_in(employee)
    with pytest.raises(ValidationError) as error:
        services.goal_review(actor=manager, assessment=assessment, confirm=False, comment=" ")
    assert "comment" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.goal_review(
            actor=manager, assessment=assessment, confirm=False, comment="Laten we praten."
        )
    assert returned.goal_status == GoalStatus.RETURNED
    assert mailoutbox[-1].to == [employee.email]
    assert "bespreken" in mailoutbox[-1].subject
    with pytest.raises(ValidationError):  # nothing waits for the manager now
        services.goal_review(actor=manager, assessment=returned, confirm=True)
    with pytest.raises(ConcurrentEditError):
        services.goal_rewrite(
            actor=employee, assessment=returned, learning_goal="Nieuw", expected_version=returned.version - 1
        )
    rewritten = services.goal_rewrite(
        actor=employee, assessment=returned, learning_goal="Nieuw doel", expected_version=returned.version
    )
    assert rewritten.goal_status == GoalStatus.PROPOSED
    with pytest.raises(ConcurrentEditError):
        services.goal_review(actor=manager, assessment=rewritten, confirm=True, expected_version=1)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.goal_review(
            actor=manager, assessment=rewritten, confirm=True, expected_version=rewritten.version
        )
    assert confirmed.goal_status == GoalStatus.CONFIRMED
    assert "bevestigd" in mailoutbox[-1].subject


def test_rewrite_only_a_returned_goal(team):
    employee = member(team)
    assessment = hand_in(employee)
    with pytest.raises(ValidationError):
        services.goal_rewrite(actor=employee, assessment=assessment, learning_goal="x", expected_version=None)


# --- Team goals and the offer ---------------------------------------------------------------------


def test_team_goal_needs_text(team, manager):
    with pytest.raises(ValidationError):
        services.team_goal_add(actor=manager, team=team, text="  ")
    goal = services.team_goal_add(actor=manager, team=team, text=" Grenzen stellen ")
    assert goal.text == "Grenzen stellen"


def offer(actor, team, **kwargs):
    values = {
        "kind": OfferKind.TRAINING,
        "title": "Training",
        "sessions": [SessionInput(TODAY + dt.timedelta(days=7), "Zaal")],
        "today": TODAY,
    }
    values.update(kwargs)
    return services.offer_save(actor=actor, team=team, **values)


def test_offer_refuses_a_past_date_no_date_and_a_foreign_goal(team, manager):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    with pytest.raises(ValidationError) as error:
        offer(coordinator, team, sessions=[SessionInput(TODAY - dt.timedelta(days=1))])
    assert "verleden" in error.value.message_dict["sessions"][0]
    with pytest.raises(ValidationError) as error:
        offer(coordinator, team, sessions=[SessionInput(None)], kind="", title="")
    assert set(error.value.message_dict) == {"sessions", "kind", "title"}
    other_goal = services.team_goal_add(actor=coordinator, team=TeamFactory(), text="Ander team")
    with pytest.raises(ValidationError) as error:
        offer(coordinator, team, goal=other_goal)
    assert "goal" in error.value.message_dict


def test_offer_edit_keeps_a_past_date_and_refuses_a_stale_version(team):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    first = TODAY + dt.timedelta(days=2)
    saved = offer(coordinator, None, sessions=[SessionInput(first, "Zaal 1")])
    assert saved.team is None and saved.version == 1
    later = TODAY + dt.timedelta(days=10)
    edited = offer(
        coordinator,
        team,
        offer=saved,
        expected_version=1,
        today=later,
        sessions=[SessionInput(first), SessionInput(later + dt.timedelta(days=1))],
    )
    assert edited.version == 2
    assert [s.date for s in edited.sessions.all()] == [first, later + dt.timedelta(days=1)]
    with pytest.raises(ConcurrentEditError):
        offer(coordinator, team, offer=saved, expected_version=1)


# --- The picture ------------------------------------------------------------------------------------


def test_picture_is_hidden_at_four_and_shown_at_five(team):
    people = [member(team) for _ in range(5)]
    for person in people[:4]:
        hand_in(person)
    # A draft never counts, however complete.
    services.assessment_start(actor=people[4], questionnaire=questionnaire())
    with next_quarter():
        hidden = team_picture(team.pk)
    assert hidden.respondents == 4 and not hidden.is_shown
    assert hidden.aspects == [] and hidden.competencies == []
    hand_in(people[4], answer=Answer.ALWAYS, level=Level.TEACHES)
    with next_quarter():
        shown = team_picture(team.pk)
    assert shown.respondents == 5 and shown.is_shown
    assert [row.name for row in shown.aspects][0] == "Risico-inschatting"
    row = shown.aspects[0]
    assert [(s.label, s.percent) for s in row.shares] == [
        ("Altijd", 20),
        ("Vaak", 0),
        ("Soms", 80),
        ("Nooit", 0),
    ]
    assert row.low_percent == 80
    level_row = shown.competencies[0]
    assert level_row.shares[0].percent == 20  # level 6 first
    assert level_row.low_percent == 0


def test_only_the_latest_submitted_assessment_counts(team):
    people = [member(team) for _ in range(5)]
    for person in people:
        hand_in(person, answer=Answer.NEVER)
    hand_in(people[0], answer=Answer.ALWAYS)
    with next_quarter():
        picture = team_picture(team.pk)
    assert picture.respondents == 5
    assert [s.percent for s in picture.aspects[0].shares] == [20, 0, 0, 80]


def test_half_filled_assessment_is_not_counted(team):
    people = [member(team) for _ in range(5)]
    for person in people[:4]:
        hand_in(person)
    draft = services.assessment_start(actor=people[4], questionnaire=questionnaire())
    result = services.assessment_save(
        actor=people[4],
        assessment=draft,
        answers=all_answers(draft),
        levels={},
        learning_goal="Doel",
        submit=True,
    )
    assert not result.submitted
    with next_quarter():
        assert team_picture(team.pk).respondents == 4


def test_function_group_picture(team):
    group = FunctionGroup.objects.get(name="Werkpleinen")
    for _ in range(5):
        hand_in(member(TeamFactory()))
    with next_quarter():
        picture = function_group_picture(group.pk)
        assert team_picture(team.pk).respondents == 0
    assert picture.is_shown and picture.respondents == 5


def test_function_group_pictures_take_the_same_queries_however_many_groups_show(
    team, django_assert_max_num_queries
):
    """Every group's picture at once: the queries do not grow with the groups shown."""
    werkpleinen = FunctionGroup.objects.get(name="Werkpleinen")
    others = list(FunctionGroup.objects.exclude(pk=werkpleinen.pk).order_by("name")[:2])
    for _ in range(5):
        hand_in(member(TeamFactory()))
    with next_quarter(), django_assert_max_num_queries(5):
        one = function_group_pictures([werkpleinen.pk, *(g.pk for g in others)])
    for group in others:
        for _ in range(5):
            employee = member(TeamFactory())
            User.objects.filter(pk=employee.pk).update(function_group=group)
            hand_in(User.objects.get(pk=employee.pk))
    with next_quarter(), django_assert_max_num_queries(5):
        three = function_group_pictures([werkpleinen.pk, *(g.pk for g in others)])
    assert one[werkpleinen.pk].is_shown and not one[others[0].pk].is_shown
    assert all(picture.respondents == 5 and picture.is_shown for picture in three.values())
    assert three[werkpleinen.pk] == one[werkpleinen.pk]
