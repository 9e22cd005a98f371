"""Who sees which perpetrators and measures (DESIGN §1; issue 5 "Access"), role by role."""

from django.utils import timezone

import pytest

from gir.letters.policy import can_configure_letters
from gir.perpetrators import policy, services
from gir.perpetrators.constants import Hearing, MeasureKind


@pytest.fixture
def people(world):
    coordinator = world.users["coordinator"]

    def person(name, incident):
        return services.perpetrator_save(actor=coordinator, data={"full_name": name}, incident=incident)

    return {
        "a": person("Persoon A", world.incident_a),
        "b": person("Persoon B", world.incident_b),
        "restricted": person("Persoon Raad", world.restricted),
    }


# persona -> the people of the register it may read
REGISTER = {
    "coordinator": {"a", "b", "restricted"},
    "legal": {"a", "b", "restricted"},
    "team_manager": {"a"},
    "mayor": {"restricted"},
    "clerk": {"restricted"},
    "employee": set(),
    "employee_b": set(),
    "aftercare": set(),
    "reception": set(),
    "director": set(),
    "administrator": set(),
}


@pytest.mark.parametrize(("persona", "expected"), REGISTER.items())
def test_register_per_role(world, people, persona, expected):
    user = world.users[persona]
    visible = set(policy.perpetrators_visible_to(user))
    assert visible == {people[key] for key in expected}
    assert policy.has_register(user) == (
        persona in {"coordinator", "legal", "team_manager", "mayor", "clerk"}
    )


@pytest.mark.parametrize(
    ("persona", "capability"),
    [
        ("coordinator", {"merge", "withdraw", "objections", "letters", "check"}),
        ("legal", {"objections"}),
        ("reception", {"check"}),
        ("team_manager", set()),
        ("aftercare", set()),
        ("director", set()),
        ("mayor", set()),
    ],
)
def test_register_actions_per_role(world, persona, capability):
    user = world.users[persona]
    assert policy.can_merge_perpetrators(user) == ("merge" in capability)
    assert policy.can_withdraw_measures(user) == ("withdraw" in capability)
    assert policy.can_handle_objections(user) == ("objections" in capability)
    assert can_configure_letters(user) == ("letters" in capability)
    assert policy.can_check_visitors(user) == ("check" in capability)


def test_only_the_mayor_and_mandated_managers_sign(world):
    assert policy.may_sign_measures(world.users["mayor"])
    assert not policy.may_sign_measures(world.users["team_manager"])
    world.users["legal"].has_measure_mandate = True
    world.users["legal"].save()
    assert policy.may_sign_measures(world.users["legal"])
    assert set(policy.signatory_candidates()) == {world.users["mayor"], world.users["legal"]}


def test_reception_sees_a_photo_only_while_a_measure_is_in_force(world, people, settings, tmp_path):
    from django.http import Http404

    from gir.demo.stories.perpetrators import portrait

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    person = services.perpetrator_save(
        actor=world.users["coordinator"], data={}, perpetrator=people["a"], photo=portrait("PA", 1)
    )
    reception = world.users["reception"]
    with pytest.raises(Http404):
        policy.access_perpetrator_photo(reception, person.pk)
    ban = services.measure_propose(
        actor=world.users["coordinator"],
        perpetrator=person,
        kind=MeasureKind.BUILDING_BAN,
        incidents=[world.incident_a],
    )
    today = timezone.localdate()
    services.measure_decide(
        actor=world.users["coordinator"],
        measure=ban,
        decided_by=world.users["mayor"],
        hearing=Hearing.NOT_HEARD,
        hearing_notes="Onbereikbaar",
        unheard_reason="Acute dreiging; de persoon was niet te bereiken.",
        grounds="Bedreiging",
        proportionality="Ernstig",
        starts_on=today,
        ends_on=services.standard_ban_end(today),
    )
    services.measure_communicate(actor=world.users["coordinator"], measure=ban)
    assert policy.access_perpetrator_photo(reception, person.pk) == person
    services.measure_withdraw(actor=world.users["coordinator"], measure=ban, reason="Vergissing")
    with pytest.raises(Http404):
        policy.access_perpetrator_photo(reception, person.pk)
    with pytest.raises(Http404):
        policy.access_perpetrator_photo(world.users["aftercare"], person.pk)
