"""The development pictures cannot be differenced (ADR 0022, "Development pictures"; 004,
DESIGN §1): of all the groups one reader sees, no two pictured ones, nor a team and a
union of function groups (the organisation among them), differ by 1 to 4 people; groups
that differ by 5 or more are both pictured; and a self-assessment handed in this quarter
moves no picture until the next quarter."""

import datetime as dt
import itertools
import random

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
import time_machine

from gir.accounts.models import FunctionGroup, User
from gir.accounts.tests.factories import TeamFactory, TeamMembershipFactory
from gir.core import clock
from gir.development.constants import MIN_GROUP_SIZE, Answer
from gir.development.selectors import FUNCTION_GROUP, TEAM, distinguishable, picture_date

from .helpers import hand_in, member, next_quarter

GROUPS = reverse("development:groups")
TOO_CLOSE = "Te weinig verschil met een andere groep om te tonen."
SHOWN = "Samengevoegd uit de zelfscans van"


def team_url(team):
    return reverse("development:team", args=[team.pk])


def previous_quarter():
    """To a day in the quarter before this one: what is handed in then counts now."""
    day = picture_date() - dt.timedelta(days=30)
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), clock.AMSTERDAM), tick=True)


def in_group(user, name):
    User.objects.filter(pk=user.pk).update(function_group=FunctionGroup.objects.get(name=name))
    return User.objects.get(pk=user.pk)


def picture_of_page(client, url):
    """The picture section of a team page, or the whole function-group page."""
    content = client.get(url).content.decode()
    if 'id="picture-title"' in content:
        return content.split('id="picture-title"')[1].split("</section>")[0]
    return content


# --- The rule, without a database --------------------------------------------------------------


def people(*ranges):
    return frozenset(itertools.chain.from_iterable(range(a, b) for a, b in ranges))


def test_of_two_teams_one_person_apart_the_smaller_is_hidden():
    groups = {(TEAM, 1): people((0, 5)), (TEAM, 2): people((0, 6))}
    assert distinguishable(groups) == {(TEAM, 2)}


def test_teams_five_apart_or_the_same_are_both_pictured():
    assert distinguishable({(TEAM, 1): people((0, 5)), (TEAM, 2): people((0, 10))}) == {(TEAM, 1), (TEAM, 2)}
    assert distinguishable({(TEAM, 1): people((0, 5)), (TEAM, 2): people((0, 5))}) == {(TEAM, 1), (TEAM, 2)}


def test_a_team_one_person_from_its_function_group_is_hidden_not_the_group():
    groups = {(TEAM, 1): people((0, 7)), (FUNCTION_GROUP, 1): people((0, 6))}
    assert distinguishable(groups) == {(FUNCTION_GROUP, 1)}


def test_a_team_one_person_from_a_union_of_function_groups_is_hidden():
    """Pairwise five or more apart, but the two function groups together (here the whole
    organisation) minus the team is one person."""
    groups = {
        (FUNCTION_GROUP, 1): people((0, 5)),
        (FUNCTION_GROUP, 2): people((5, 11)),
        (TEAM, 1): people((0, 10)),
    }
    assert distinguishable(groups) == {(FUNCTION_GROUP, 1), (FUNCTION_GROUP, 2)}


def test_a_function_group_one_person_from_two_teams_together_hides_the_smaller_team():
    groups = {
        (FUNCTION_GROUP, 1): people((0, 12)),
        (TEAM, 1): people((0, 5)),
        (TEAM, 2): people((5, 11)),
    }
    assert distinguishable(groups) == {(FUNCTION_GROUP, 1), (TEAM, 2)}


def close_to_something(key, groups, pictured):
    """By brute force: a pictured group another pictured one, or a union of pictured
    function groups, or a union of pictured teams that share nobody with another team
    of 5 or more, is 1 to 4 people away from."""
    others = [groups[k] for k in pictured if k != key]
    if any(0 < len(groups[key] ^ other) < MIN_GROUP_SIZE for other in others):
        return True
    candidates = [k for k in groups if k[0] == TEAM and len(groups[k]) >= MIN_GROUP_SIZE]
    apart = [
        groups[k]
        for k in pictured
        if k[0] == TEAM and not any(groups[k] & groups[o] for o in candidates if o != k)
    ]
    function_groups = [groups[k] for k in pictured if k[0] == FUNCTION_GROUP]
    for family in (function_groups, apart):
        for size in range(2, len(family) + 1):
            for chosen in itertools.combinations(family, size):
                if 0 < len(groups[key] ^ frozenset().union(*chosen)) < MIN_GROUP_SIZE:
                    return True
    return False


@pytest.mark.parametrize("seed", range(40))
def test_no_pictured_group_can_be_differenced_in_generated_organisations(seed):
    """Small organisations drawn at random (people in one function group each, in
    overlapping teams, teams that are nearly a union of function groups, or two teams
    that together are nearly a function group): no pictured group is 1 to 4 people
    from another, or from any union it is weighed against, checked against every
    subset."""
    rng = random.Random(seed)
    persons = range(rng.randint(8, 40))
    groups = {}
    for fg in range(rng.randint(1, 4)):
        groups[FUNCTION_GROUP, fg] = frozenset(p for p in persons if p % 4 == fg or rng.random() < 0.02)
    # Function groups are disjoint: each person has one.
    seen: set[int] = set()
    for key in list(groups):
        groups[key] = groups[key] - seen
        seen |= groups[key]
    for team in range(rng.randint(1, 6)):
        groups[TEAM, team] = frozenset(p for p in persons if rng.random() < 0.4)
    # And teams that are a union of function groups with one to three people changed.
    fgs = [key for key in groups if key[0] == FUNCTION_GROUP]
    for team in range(10, 10 + rng.randint(1, 3)):
        union = frozenset().union(*(groups[key] for key in rng.sample(fgs, rng.randint(1, len(fgs)))))
        groups[TEAM, team] = union ^ frozenset(rng.sample(list(persons), rng.randint(1, 3)))
    # And teams that share nobody, split from a function group and one or two people.
    if rng.random() < 0.5:
        split = sorted(groups[fgs[0]] ^ frozenset(rng.sample(list(persons), rng.randint(1, 2))))
        cut = len(split) // 2
        groups = {key: value for key, value in groups.items() if key[0] == FUNCTION_GROUP}
        groups[TEAM, 20], groups[TEAM, 21] = frozenset(split[:cut]), frozenset(split[cut:])
    pictured = distinguishable(groups)
    assert all(len(groups[key]) >= MIN_GROUP_SIZE for key in pictured)
    assert not any(close_to_something(key, groups, pictured) for key in pictured)


# --- The pages, per reader ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["employee", "team_manager", "coordinator", "director"])
def test_two_teams_one_person_apart_are_not_both_pictured_then_five_apart_are(client, world, name):
    """Team A and team B share five people and B has one more: A is hidden for every
    reader who sees both. With four more in B only, they differ by five: both show."""
    reader = world.users[name]
    TeamMembershipFactory(user=reader, team=world.team_b)  # the reader sees both teams
    shared = [member(world.team_a) for _ in range(5)]
    for person in shared:
        TeamMembershipFactory(user=person, team=world.team_b)
    only_b = [member(world.team_b) for _ in range(5)]
    with previous_quarter():
        for person in [*shared, only_b[0]]:
            hand_in(person)
    client.force_login(reader)
    team_a, team_b = (
        picture_of_page(client, team_url(world.team_a)),
        picture_of_page(client, team_url(world.team_b)),
    )
    assert TOO_CLOSE in team_a and "%" not in team_a and SHOWN not in team_a
    assert SHOWN in team_b and "Risico-inschatting" in team_b
    with previous_quarter():
        for person in only_b[1:]:
            hand_in(person)
    client.force_login(reader)
    team_a, team_b = (
        picture_of_page(client, team_url(world.team_a)),
        picture_of_page(client, team_url(world.team_b)),
    )
    assert SHOWN in team_a and SHOWN in team_b and TOO_CLOSE not in team_a + team_b


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["coordinator", "director"])
def test_a_team_one_person_from_its_function_group_is_not_pictured(client, world, name):
    """Werkpleinen is team A plus one person of another team: the function group shows,
    team A does not."""
    team_a = [member(world.team_a) for _ in range(5)]
    elsewhere = member(TeamFactory())
    with previous_quarter():
        for person in [*team_a, elsewhere]:
            hand_in(person)
    client.force_login(world.users[name])
    team_page = picture_of_page(client, team_url(world.team_a))
    assert TOO_CLOSE in team_page and "%" not in team_page
    groups = client.get(GROUPS).content.decode()
    werkpleinen = groups.split(">Werkpleinen</h2>")[1].split("</section>")[0]
    assert "zelfscans van 6 personen" in werkpleinen and TOO_CLOSE not in werkpleinen
    # The team's own people, who see no function groups, see its picture.
    client.force_login(world.users["employee"])
    assert SHOWN in picture_of_page(client, team_url(world.team_a))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["coordinator", "director"])
def test_a_team_one_person_from_the_organisation_is_not_pictured(client, world, name):
    """Each function group is five or more from team A, but together they are the
    organisation, and that is team A plus one person."""
    werkpleinen = [member(world.team_a) for _ in range(5)]
    other = [in_group(member(world.team_a), "Publiekszaken") for _ in range(5)]
    outside = in_group(member(TeamFactory()), "Publiekszaken")
    with previous_quarter():
        for person in [*werkpleinen, *other, outside]:
            hand_in(person)
    client.force_login(world.users[name])
    team_page = picture_of_page(client, team_url(world.team_a))
    assert TOO_CLOSE in team_page and "%" not in team_page
    groups = client.get(GROUPS).content.decode()
    assert "zelfscans van 5 personen" in groups and "zelfscans van 6 personen" in groups


@pytest.mark.django_db
def test_a_self_assessment_of_this_quarter_moves_the_picture_next_quarter_only(client, world):
    people_a = [member(world.team_a) for _ in range(5)]
    with previous_quarter():
        for person in people_a:
            hand_in(person, answer=Answer.NEVER)
    client.force_login(world.users["employee"])
    before = picture_of_page(client, team_url(world.team_a))
    stand = picture_date().strftime("%-d")
    assert f"Stand per {stand} " in before and "100%" in before
    # One person hands in a new self-assessment: not a single figure moves.
    hand_in(people_a[0], answer=Answer.ALWAYS)
    assert picture_of_page(client, team_url(world.team_a)) == before
    with next_quarter():
        client.force_login(world.users["employee"])
        after = picture_of_page(client, team_url(world.team_a))
    assert after != before and "20%" in after and "80%" in after


@pytest.mark.django_db
def test_the_function_group_page_takes_the_same_queries_with_more_teams_and_groups(client, world):
    """Every team and function group is weighed on the page: the queries do not grow."""
    client.force_login(world.users["director"])
    counts = []
    for _ in range(2):
        with previous_quarter():
            team = TeamFactory()
            for _ in range(5):
                hand_in(member(team))
            hand_in(in_group(member(team), "Publiekszaken"))
        client.force_login(world.users["director"])
        client.get(GROUPS)
        with CaptureQueriesContext(connection) as queries:
            assert SHOWN in client.get(GROUPS).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
