"""The learning-and-development pages (DESIGN §1, §2.6; 004): who sees which page, one's
own answers for oneself only, the manager sees the goal and never the answers, the team
picture without figures below five people, a half-filled submit kept as a draft with
everything typed, stale edits refused, mails on the goal, offers with dates, and a
constant number of queries on the overview and the team page."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from gir.accounts.models import FunctionGroup
from gir.accounts.tests.factories import TeamFactory
from gir.development import services
from gir.development.constants import Answer, AssessmentStatus, GoalStatus, Level, OfferKind
from gir.development.forms import ANSWER_PREFIX, LEVEL_PREFIX
from gir.development.models import Competency, LearningOffer, SelfAssessment, TeamGoal

from .helpers import hand_in, member, next_quarter, questionnaire

pytestmark = pytest.mark.django_db

HOME = reverse("development:home")
GOALS = reverse("development:goals")
OFFERS = reverse("development:offers")
OFFER_ADD = reverse("development:offer_add")
HIDDEN = "Nog te weinig ingeleverde zelfscans"


def assessment_url(assessment):
    return reverse("development:assessment", args=[assessment.pk])


def team_url(team):
    return reverse("development:team", args=[team.pk])


def in_days(days):
    return timezone.localdate() + dt.timedelta(days=days)


def post_data(assessment, *, answers=None, levels=None, goal="", action="save", version=None):
    data = {
        "action": action,
        "version": version or assessment.version,
        "learning_goal": goal,
    }
    data.update({f"{ANSWER_PREFIX}{pk}": value for pk, value in (answers or {}).items()})
    data.update({f"{LEVEL_PREFIX}{pk}": value for pk, value in (levels or {}).items()})
    return data


def full_post(assessment, **kwargs):
    answers = {pk: Answer.OFTEN for pk in assessment.questionnaire.statements.values_list("pk", flat=True)}
    levels = {pk: Level.KNOWS_HOW for pk in Competency.objects.values_list("pk", flat=True)}
    return post_data(assessment, answers=answers, levels=levels, **kwargs)


# --- Overview and start ------------------------------------------------------------------------


def test_home_offers_to_start_then_to_continue(client, world):
    employee = world.users["employee"]
    client.force_login(employee)
    content = client.get(HOME).content.decode()
    assert "Zelfscan invullen" in content
    assert team_url(world.team_a) in content
    assert team_url(world.team_b) not in content
    assert reverse("development:groups") not in content
    response = client.post(reverse("development:start"), {"questionnaire": questionnaire().pk})
    draft = SelfAssessment.objects.get(employee=employee)
    assert response.url == assessment_url(draft)
    assert draft.questionnaire == questionnaire()
    content = client.get(HOME).content.decode()
    assert "Verder invullen" in content
    # Starting again continues the draft.
    assert client.get(reverse("development:start")).url == assessment_url(draft)


def test_start_preselects_the_own_function_group(client, world):
    employee = member(world.team_a)
    client.force_login(employee)
    response = client.get(reverse("development:start"))
    assert response.context["form"].initial["questionnaire"] == questionnaire().pk


def test_coordinator_and_director_see_every_team_and_the_groups(client, world):
    for name in ("coordinator", "director"):
        client.force_login(world.users[name])
        content = client.get(HOME).content.decode()
        assert team_url(world.team_a) in content and team_url(world.team_b) in content
        assert reverse("development:groups") in content
        assert client.get(reverse("development:groups")).status_code == 200
        assert client.get(team_url(world.team_b)).status_code == 200


def test_manager_sees_the_goals_waiting(client, world):
    hand_in(member(world.team_a))
    client.force_login(world.users["team_manager"])
    content = client.get(HOME).content.decode()
    assert "1 leerdoel wacht op je reactie" in content


# --- The self-assessment ---------------------------------------------------------------------------


def test_nobody_else_reaches_an_assessment(client, world):
    assessment = hand_in(member(world.team_a))
    for name in ("employee", "team_manager", "coordinator", "director", "administrator"):
        client.force_login(world.users[name])
        assert client.get(assessment_url(assessment)).status_code == 404
        assert client.post(assessment_url(assessment), {"learning_goal": "x"}).status_code == 404


def test_draft_form_has_the_three_parts(client, world):
    employee = member(world.team_a)
    draft = services.assessment_start(actor=employee)
    client.force_login(employee)
    content = client.get(assessment_url(draft)).content.decode()
    statement = draft.questionnaire.statements.first()
    competency = Competency.objects.get(name="Veilig werken")
    assert (
        content.count('type="radio"')
        == 6 * Competency.objects.count() + 4 * draft.questionnaire.statements.count()
    )
    assert statement.text in content and statement.aspect.name in content
    assert competency.hint in content
    assert draft.questionnaire.goal_prompt in content
    assert "Tussentijds opslaan" in content and "Inleveren" in content


def test_save_keeps_a_draft(client, world):
    employee = member(world.team_a)
    draft = services.assessment_start(actor=employee)
    statement = draft.questionnaire.statements.first()
    client.force_login(employee)
    response = client.post(
        assessment_url(draft), post_data(draft, answers={statement.pk: Answer.NEVER}, goal="Doel")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT and draft.learning_goal == "Doel"
    assert draft.answers.get().answer == Answer.NEVER
    page = client.get(assessment_url(draft))
    assert page.context["form"].initial[f"{ANSWER_PREFIX}{statement.pk}"] == Answer.NEVER


def test_half_filled_submit_stays_draft_keeps_input_and_is_not_counted(client, world):
    people = [member(world.team_a) for _ in range(4)]
    for person in people:
        hand_in(person)
    employee = member(world.team_a)
    draft = services.assessment_start(actor=employee)
    statement = draft.questionnaire.statements.first()
    client.force_login(employee)
    data = post_data(draft, answers={statement.pk: Answer.ALWAYS}, goal="Mijn doel", action="submit")
    response = client.post(assessment_url(draft), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nog niet ingeleverd" in content
    assert "hebben nog geen antwoord" in content
    assert "competenties van de matrix hebben nog geen niveau" in content
    assert f'href="#id_{LEVEL_PREFIX}' in content  # the summary links to the first open field
    assert "Mijn doel" in content
    assert f'value="{Answer.ALWAYS}" class="scale" id="id_{ANSWER_PREFIX}{statement.pk}_0" checked' in content
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT
    # The form carries the new version: the next submit is not refused as stale.
    assert response.context["form"]["version"].value() == str(draft.version)
    client.force_login(world.users["team_manager"])
    assert HIDDEN in client.get(team_url(world.team_a)).content.decode()


def test_complete_submit_hands_in_and_shows_the_answers_read_only(
    client, world, django_capture_on_commit_callbacks, mailoutbox
):
    employee = world.users["employee"]
    draft = services.assessment_start(actor=employee, questionnaire=questionnaire())
    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            assessment_url(draft), full_post(draft, goal="Grenzen stellen", action="submit")
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.SUBMITTED and draft.goal_status == GoalStatus.PROPOSED
    assert [m.to for m in mailoutbox] == [[world.users["team_manager"].email]]
    content = client.get(assessment_url(draft)).content.decode()
    assert "ingeleverd" in client.get(HOME).content.decode().lower()
    assert draft.questionnaire.statements.first().text in content
    assert "Vaak" in content and "Wacht op je leidinggevende" in content
    assert 'type="radio"' not in content


def test_concurrent_edit_is_refused_and_keeps_what_was_typed(client, world):
    employee = member(world.team_a)
    draft = services.assessment_start(actor=employee)
    stale = draft.version
    services.assessment_save(actor=employee, assessment=draft, answers={}, levels={}, learning_goal="Tab 1")
    client.force_login(employee)
    response = client.post(assessment_url(draft), post_data(draft, goal="Tab 2", version=stale))
    assert response.status_code == 409
    content = response.content.decode()
    assert "ook ergens anders bewaard" in content and "Tab 2" in content
    draft.refresh_from_db()
    assert draft.learning_goal == "Tab 1"
    # Saving again, knowingly, keeps this version.
    data = post_data(draft, goal="Tab 2", version=response.context["form"]["version"].value())
    assert client.post(assessment_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.learning_goal == "Tab 2"


def test_tampered_choice_is_refused(client, world):
    employee = member(world.team_a)
    draft = services.assessment_start(actor=employee)
    statement = draft.questionnaire.statements.first()
    client.force_login(employee)
    response = client.post(assessment_url(draft), post_data(draft, answers={statement.pk: 9}, goal="Doel"))
    assert response.status_code == 400
    assert "Kies een van de mogelijkheden" in response.content.decode()
    assert not draft.answers.exists()


# --- The goal --------------------------------------------------------------------------------------


def test_manager_never_sees_the_answers(client, world):
    employee = world.users["employee"]
    assessment = hand_in(employee, answer=Answer.NEVER, goal="Rustig blijven bij geschreeuw")
    statement = assessment.questionnaire.statements.first()
    client.force_login(world.users["team_manager"])
    for url in (GOALS, reverse("development:goal_review", args=[assessment.pk])):
        content = client.get(url).content.decode()
        assert "Rustig blijven bij geschreeuw" in content
        assert str(employee) in content and world.team_a.name in content
        assert statement.text not in content
        assert "Nooit" not in content
        assert str(Level.KNOWS_HOW.label) not in content
    assert client.get(assessment_url(assessment)).status_code == 404


def test_goal_review_is_for_the_manager_of_the_team_only(client, world):
    assessment = hand_in(member(world.team_b))
    url = reverse("development:goal_review", args=[assessment.pk])
    for name in ("team_manager", "coordinator", "director", "employee"):
        client.force_login(world.users[name])
        assert client.get(url).status_code == 404


def test_goal_return_and_confirm_with_mails(client, world, django_capture_on_commit_callbacks, mailoutbox):
    employee = world.users["employee"]
    assessment = hand_in(employee)
    url = reverse("development:goal_review", args=[assessment.pk])
    manager = world.users["team_manager"]
    client.force_login(manager)
    response = client.post(url, {"decision": "terug", "comment": "", "version": assessment.version})
    assert response.status_code == 400
    assert "Schrijf erbij wat je met de medewerker wilt bespreken" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"decision": "terug", "comment": "Graag eerst praten", "version": assessment.version}
        )
    assert response.status_code == 302
    assert mailoutbox[-1].to == [employee.email]
    assert assessment_url(assessment) in mailoutbox[-1].body

    client.force_login(employee)
    content = client.get(assessment_url(assessment)).content.decode()
    assert "Graag eerst praten" in content and "Leerdoel opnieuw voorleggen" in content
    assessment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            assessment_url(assessment), {"learning_goal": "Beter doel", "version": assessment.version}
        )
    assert response.status_code == 302
    assert mailoutbox[-1].to == [manager.email]

    client.force_login(manager)
    assessment.refresh_from_db()
    stale = client.post(url, {"decision": "bevestigen", "comment": "", "version": assessment.version - 1})
    assert stale.status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "bevestigen", "comment": "", "version": assessment.version})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.goal_status == GoalStatus.CONFIRMED
    assert "bevestigd" in mailoutbox[-1].subject


# --- The team picture and goals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("employee", 200),
        ("team_manager", 200),
        ("coordinator", 200),
        ("director", 200),
        ("employee_b", 404),
        ("aftercare", 404),
        ("legal", 404),
        ("reception", 404),
        ("administrator", 404),
    ],
)
def test_who_sees_the_team_picture(client, world, name, status):
    client.force_login(world.users[name])
    assert client.get(team_url(world.team_a)).status_code == status


def test_team_picture_hidden_at_four_and_shown_at_five(client, world):
    people = [member(world.team_a) for _ in range(5)]
    for person in people[:4]:
        hand_in(person, answer=Answer.NEVER)
    with next_quarter():
        client.force_login(world.users["director"])
        content = client.get(team_url(world.team_a)).content.decode()
    assert "Nog te weinig ingeleverde zelfscans: 4 van minimaal 5. Zo blijft niemand herkenbaar." in content
    assert "%" not in content.split('id="picture-title"')[1].split("</section>")[0]
    hand_in(people[4], answer=Answer.ALWAYS)
    with next_quarter():
        client.force_login(world.users["director"])
        content = client.get(team_url(world.team_a)).content.decode()
    assert HIDDEN not in content
    assert "Risico-inschatting" in content and "80%" in content and "20%" in content
    assert "ruimte om te leren" in content


def test_team_goal_by_the_manager_not_by_a_member(client, world):
    client.force_login(world.users["employee"])
    assert client.post(team_url(world.team_a), {"text": "Iets"}).status_code == 403
    assert "Leerdoel van het team toevoegen" not in client.get(team_url(world.team_a)).content.decode()
    client.force_login(world.users["team_manager"])
    response = client.post(team_url(world.team_a), {"text": ""})
    assert response.status_code == 400
    assert "Schrijf op wat het team wil leren" in response.content.decode()
    aspect = questionnaire().statements.first().aspect
    response = client.post(team_url(world.team_a), {"text": "Eerder de-escaleren", "aspect": aspect.pk})
    assert response.status_code == 302
    goal = TeamGoal.objects.get()
    assert goal.team == world.team_a and goal.aspect == aspect
    client.force_login(world.users["coordinator"])
    content = client.get(team_url(world.team_a)).content.decode()
    assert "Eerder de-escaleren" in content
    assert f"{OFFER_ADD}?doel={goal.pk}" in content


def test_team_and_home_queries_do_not_grow(client, world):
    def grow(count):
        for n in range(count):
            person = member(world.team_a)
            hand_in(person, answer=[Answer.ALWAYS, Answer.NEVER][n % 2])
            services.team_goal_add(actor=world.users["team_manager"], team=world.team_a, text=f"Doel {n}")
            services.offer_save(
                actor=world.users["coordinator"],
                team=world.team_a,
                kind=OfferKind.TRAINING,
                title=f"Training {n}",
                sessions=[services.SessionInput(in_days(n + 1)), services.SessionInput(in_days(n + 20))],
            )

    manager = world.users["team_manager"]
    # In the function group of the others, so the team is its function group (difference 0).
    manager.function_group = FunctionGroup.objects.get(name="Werkpleinen")
    manager.save(update_fields=["function_group"])
    client.force_login(manager)
    hand_in(manager)
    grow(5)
    counts = {}
    for label in ("few", "many"):
        if label == "many":
            grow(5)
        for url in (HOME, team_url(world.team_a), GOALS, OFFERS):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[label, url] = len(queries)
    # The team's picture, shown from the next quarter on, weighed against every group the
    # reader sees: as many queries with more people, teams and function groups.
    for label in ("few", "many"):
        if label == "many":
            grow(5)
            member(TeamFactory())
        with next_quarter():
            for reader in (manager, world.users["director"]):
                client.force_login(reader)
                client.get(team_url(world.team_a))
                with CaptureQueriesContext(connection) as queries:
                    content = client.get(team_url(world.team_a)).content.decode()
                assert "Risico-inschatting" in content
                counts[label, reader.username] = len(queries)
    assert counts["many", "director"] == counts["few", "director"]
    assert counts["many", "team_manager"] == counts["few", "team_manager"]
    for url in (HOME, team_url(world.team_a), GOALS, OFFERS):
        assert counts["many", url] == counts["few", url], url


# --- The offer -----------------------------------------------------------------------------------------


def offer_post(**kwargs):
    data = {
        "team": "organisatie",
        "kind": OfferKind.COACHING,
        "title": "Coaching aan de balie",
        "description": "",
        "datum_1": in_days(10).strftime("%d-%m-%Y"),
        "plaats_1": "Stadskantoor",
    }
    data.update(kwargs)
    return data


def test_offer_with_a_date_in_the_past_is_refused_and_kept(client, world):
    client.force_login(world.users["coordinator"])
    yesterday = in_days(-1).strftime("%d-%m-%Y")
    response = client.post(OFFER_ADD, offer_post(datum_1=yesterday))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Een geplande datum ligt in het verleden" in content
    assert 'href="#id_datum_1"' in content
    assert yesterday in content and "Coaching aan de balie" in content
    assert not LearningOffer.objects.exists()


def test_offer_from_a_team_goal_and_who_sees_it(client, world):
    goal = services.team_goal_add(actor=world.users["team_manager"], team=world.team_a, text="De-escaleren")
    client.force_login(world.users["coordinator"])
    form = client.get(f"{OFFER_ADD}?doel={goal.pk}").context["form"]
    assert form.initial == {"team": str(world.team_a.pk), "goal": goal.pk}
    assert client.get(f"{OFFER_ADD}?doel=999999").status_code == 404
    response = client.post(
        OFFER_ADD, offer_post(team=world.team_a.pk, goal=goal.pk, datum_2=in_days(20).strftime("%d-%m-%Y"))
    )
    offer = LearningOffer.objects.get()
    assert response.url == reverse("development:offer", args=[offer.pk])
    assert offer.goal == goal and offer.sessions.count() == 2
    assert "Coaching aan de balie" in client.get(OFFERS).content.decode()
    for name, status in (("employee", 200), ("director", 200), ("employee_b", 404), ("aftercare", 404)):
        client.force_login(world.users[name])
        assert client.get(reverse("development:offer", args=[offer.pk])).status_code == status
    client.force_login(world.users["employee"])
    assert "Coaching aan de balie" in client.get(HOME).content.decode()
    assert client.post(reverse("development:offer", args=[offer.pk]), offer_post()).status_code == 403
    assert client.get(OFFER_ADD).status_code == 403
    client.force_login(world.users["employee_b"])
    assert "Coaching aan de balie" not in client.get(OFFERS).content.decode()


def test_offer_edit_refuses_a_stale_version(client, world):
    coordinator = world.users["coordinator"]
    offer = services.offer_save(
        actor=coordinator,
        team=None,
        kind=OfferKind.KNOWLEDGE,
        title="E-learning",
        sessions=[services.SessionInput(in_days(3))],
    )
    url = reverse("development:offer", args=[offer.pk])
    client.force_login(coordinator)
    assert client.post(url, offer_post(title="Nieuwe titel", version=1)).status_code == 302
    response = client.post(url, offer_post(title="Mijn titel", version=1))
    assert response.status_code == 409
    content = response.content.decode()
    assert "Iemand anders heeft dit aanbod intussen gewijzigd" in content and "Mijn titel" in content
    offer.refresh_from_db()
    assert offer.title == "Nieuwe titel"
    assert client.post(url, offer_post(title="Mijn titel", version=2)).status_code == 302
