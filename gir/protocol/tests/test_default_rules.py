"""Each default rule of the protocol (DESIGN §2.2), with frozen time, across both
switches of summer time: hours count elapsed time, days and weeks keep the clock."""

import pytest
import time_machine

from gir.core.clock import AMSTERDAM
from gir.incidents.constants import BehaviourKind, Injury, Setting
from gir.protocol import services
from gir.protocol.constants import StepOwner
from gir.protocol.models import ProtocolRule

from .helpers import local, report, steps_by_code

# Saturday before each switch, 10:00 local: 28 March 2027 (to summer time, +1 h on
# the clock) and 31 October 2027 (back to winter time, -1 h on the clock).
SPRING = local(2027, 3, 27, 10, 0)
AUTUMN = local(2027, 10, 30, 10, 0)

# rule code -> (facts that trigger it, expected deadline in spring, in autumn)
INCIDENT_ANCHORED = {
    # 001 §7.4 stap 5: directly after — 24 hours
    "manager-conversation": ({}, local(2027, 3, 28, 11, 0), local(2027, 10, 31, 9, 0)),
    # 001 §7.7, §10: 72 hours
    "aftercare-first": ({}, local(2027, 3, 30, 11, 0), local(2027, 11, 2, 9, 0)),
    # 001 §10.2: after 5 days
    "aftercare-second": ({}, local(2027, 4, 1, 10, 0), local(2027, 11, 4, 10, 0)),
    # 001 §10.2: after 6 weeks
    "aftercare-third": ({}, local(2027, 5, 8, 10, 0), local(2027, 12, 11, 10, 0)),
    # 001 §3.1, §5.4: doctor or first aid when injured
    "medical": (
        {"behaviours": (BehaviourKind.PHYSICAL,), "injury": Injury.FIRST_AID},
        local(2027, 3, 28, 11, 0),
        local(2027, 10, 31, 9, 0),
    ),
    # 001 §7.4 stap 2, §9: a decision on a measure for every incident
    "measure-decision": ({}, local(2027, 3, 30, 10, 0), local(2027, 11, 2, 10, 0)),
    # 001 §7.4 stap 4, §9.3: aangifte for physical violence and threats
    "police-report": (
        {"behaviours": (BehaviourKind.THREAT,)},
        local(2027, 3, 30, 10, 0),
        local(2027, 11, 2, 10, 0),
    ),
    # 001 §5.4: on a home visit within 24 hours
    "police-report-home-visit": (
        {"behaviours": (BehaviourKind.PHYSICAL,), "setting": Setting.HOME_VISIT},
        local(2027, 3, 28, 11, 0),
        local(2027, 10, 31, 9, 0),
    ),
    # 003: the legal department when the organisation has damage
    "legal": ({"material_damage": True}, local(2027, 4, 1, 10, 0), local(2027, 11, 4, 10, 0)),
    # 001 §6.4: the labour inspectorate within 24 hours
    "labour-inspectorate": (
        {"behaviours": (BehaviourKind.PHYSICAL,), "injury": Injury.HOSPITAL},
        local(2027, 3, 28, 11, 0),
        local(2027, 10, 31, 9, 0),
    ),
    # 004 §6: a structured evaluation of a serious incident, within 6 weeks
    "evaluation": (
        {"behaviours": (BehaviourKind.PHYSICAL,)},
        local(2027, 5, 8, 10, 0),
        local(2027, 12, 11, 10, 0),
    ),
}


def test_every_default_rule_is_tested(db):
    step_anchored = {"measure-letter", "police-report-copy"}
    assert set(ProtocolRule.objects.values_list("code", flat=True)) == set(INCIDENT_ANCHORED) | step_anchored


def test_every_default_rule_cites_its_source(db):
    for rule in ProtocolRule.objects.all():
        assert rule.source, rule.code
        assert rule.source.split()[0] in {"001", "003", "004"}, rule.code


@pytest.mark.parametrize("season", ["spring", "autumn"])
@pytest.mark.parametrize("code", sorted(INCIDENT_ANCHORED))
def test_incident_anchored_rule(world, code, season):
    facts, spring_due, autumn_due = INCIDENT_ANCHORED[code]
    facts = dict(facts)
    behaviours = facts.pop("behaviours", (BehaviourKind.VERBAL,))
    occurred = SPRING if season == "spring" else AUTUMN
    with time_machine.travel(occurred.replace(hour=11), tick=False):
        incident = report(world.users["employee"], behaviours=behaviours, occurred_at=occurred, **facts)
    step = steps_by_code(incident)[code]
    expected = spring_due if season == "spring" else autumn_due
    assert step.due_at.astimezone(AMSTERDAM) == expected
    assert step.due_at == expected  # the same instant, not only the same clock time
    assert step.is_required
    assert step.incident.handler == world.users["team_manager"]


def test_first_aftercare_conversation_aims_at_24_hours(world):
    with time_machine.travel(SPRING.replace(hour=11), tick=False):
        incident = report(world.users["employee"], occurred_at=SPRING)
    step = steps_by_code(incident)["aftercare-first"]
    assert step.aim_at.astimezone(AMSTERDAM) == local(2027, 3, 28, 11, 0)
    assert step.owner == StepOwner.AFTERCARE


@pytest.mark.parametrize(
    ("code", "behaviours", "facts"),
    [
        ("medical", (BehaviourKind.VERBAL,), {"injury": Injury.NONE}),
        ("police-report", (BehaviourKind.VERBAL,), {}),
        ("police-report", (BehaviourKind.THREAT,), {"setting": Setting.HOME_VISIT}),
        ("police-report-home-visit", (BehaviourKind.THREAT,), {}),
        ("legal", (BehaviourKind.VERBAL,), {"material_damage": False}),
        ("labour-inspectorate", (BehaviourKind.PHYSICAL,), {"injury": Injury.DOCTOR}),
        ("evaluation", (BehaviourKind.VERBAL,), {"injury": Injury.FIRST_AID}),
    ],
)
def test_rule_does_not_fire_without_its_facts(world, code, behaviours, facts):
    incident = report(world.users["employee"], behaviours=behaviours, occurred_at=SPRING, **facts)
    assert code not in steps_by_code(incident)


def test_evaluation_for_serious_injury_without_physical_violence(world):
    incident = report(
        world.users["employee"], behaviours=(BehaviourKind.THREAT,), occurred_at=SPRING, injury=Injury.DOCTOR
    )
    assert "evaluation" in steps_by_code(incident)


@pytest.mark.parametrize("season", ["spring", "autumn"])
def test_letter_within_48_hours_of_a_warning_or_ban(world, season):
    """001 §8.1: the letter follows once a warning or ban is decided."""
    occurred = SPRING if season == "spring" else AUTUMN
    manager = world.users["team_manager"]
    with time_machine.travel(occurred.replace(hour=11), tick=False):
        incident = report(world.users["employee"], occurred_at=occurred)
    decision = steps_by_code(incident)["measure-decision"]
    assert "measure-letter" not in steps_by_code(incident)
    with time_machine.travel(occurred.replace(hour=12), tick=False):
        services.step_complete(actor=manager, step=decision, outcome="written_warning", notes="Gele kaart.")
    letter = steps_by_code(incident)["measure-letter"]
    expected = local(2027, 3, 29, 13, 0) if season == "spring" else local(2027, 11, 1, 11, 0)
    assert letter.due_at == expected
    assert letter.depends_on == decision


def test_no_letter_after_a_conduct_meeting_only(world):
    incident = report(world.users["employee"], occurred_at=SPRING)
    decision = steps_by_code(incident)["measure-decision"]
    services.step_complete(actor=world.users["team_manager"], step=decision, outcome="conduct_meeting")
    assert "measure-letter" not in steps_by_code(incident)


@pytest.mark.parametrize("season", ["spring", "autumn"])
def test_copy_of_the_aangifte_to_the_coordinator(world, season):
    occurred = SPRING if season == "spring" else AUTUMN
    with time_machine.travel(occurred.replace(hour=11), tick=False):
        incident = report(world.users["employee"], behaviours=(BehaviourKind.PHYSICAL,), occurred_at=occurred)
    police = steps_by_code(incident)["police-report"]
    with time_machine.travel(occurred.replace(hour=12), tick=False):
        services.step_complete(actor=world.users["team_manager"], step=police, outcome="aangifte")
    copy = steps_by_code(incident)["police-report-copy"]
    expected = local(2027, 4, 1, 12, 0) if season == "spring" else local(2027, 11, 4, 12, 0)
    assert copy.due_at == expected


def test_no_copy_after_a_melding_or_a_waived_aangifte(world):
    first = report(world.users["employee"], behaviours=(BehaviourKind.THREAT,), occurred_at=SPRING)
    services.step_complete(
        actor=world.users["team_manager"], step=steps_by_code(first)["police-report"], outcome="melding"
    )
    assert "police-report-copy" not in steps_by_code(first)
    second = report(world.users["employee"], behaviours=(BehaviourKind.THREAT,), occurred_at=SPRING)
    services.step_waive(
        actor=world.users["team_manager"],
        step=steps_by_code(second)["police-report"],
        reason="Medewerker ziet na overleg af van aangifte.",
    )
    assert "police-report-copy" not in steps_by_code(second)
