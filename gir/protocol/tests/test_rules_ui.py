"""The coordinator adjusts the protocol rules (DESIGN §2.2): who may, what the pages
show, that a change reaches new incidents, and that bad input is refused in Dutch
with everything typed kept."""

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from gir.audit.models import AuditAction, AuditEvent
from gir.protocol.constants import DeadlineAnchor, StepKind
from gir.protocol.models import ProtocolRule
from gir.protocol.rule_forms import RuleForm
from gir.protocol.rule_services import RuleChangedMeanwhile, rule_save
from gir.protocol.services import report_save as incident_save

TYPED_TITLE = "Mijn getypte titel voor deze stap"


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["coordinator"])
    return client


def rule(code: str) -> ProtocolRule:
    return ProtocolRule.objects.get(code=code)


def as_post(form: RuleForm, **changes: Any) -> dict[str, Any]:
    """What a browser sends for this form untouched, with some fields changed."""
    data: dict[str, Any] = {}
    for field in form:
        value = field.value()
        if isinstance(field.field, forms.BooleanField):
            if value:
                data[field.html_name] = "on"
            continue
        data[field.html_name] = "" if value is None else value
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def new_rule_data(**changes: Any) -> dict[str, Any]:
    data = {
        "title": "Beveiliging informeren over de bezoeker",
        "kind": StepKind.OTHER,
        "requirement": "advised",
        "owner": "coordinator",
        "explanation": "Laat de beveiliging weten wie de bezoeker is.",
        "source": "001 §8",
        "match": "all",
        "fact_behaviour_op": "in",
        "fact_behaviour": ["threat"],
        "fact_setting_op": "in",
        "fact_setting": ["counter"],
        "deadline_amount": "2",
        "deadline_unit": "days",
        "aim_amount": "",
        "anchor": DeadlineAnchor.INCIDENT,
        "after_kind": "",
        "is_active": "on",
        "position": "200",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def report(world, *, setting: str = "counter", behaviours: tuple[str, ...] = ("threat",)):
    return incident_save(
        actor=world.users["employee"],
        facts={
            "occurred_at": timezone.now() - dt.timedelta(hours=2),
            "setting": setting,
            "description": "Een bezoeker dreigde mij iets aan te doen.",
            "reporter_role": "victim",
        },
        behaviours=list(behaviours),
        victims=[],
        submit=True,
    )


# --- who may ------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["employee", "team_manager", "aftercare", "legal", "director", "administrator"]
)
def test_only_the_coordinator_reaches_the_rule_pages(client, world, persona):
    pk = rule("aftercare-first").pk
    client.force_login(world.users[persona])
    for url in (
        reverse("protocol:rules"),
        reverse("protocol:rule_create"),
        reverse("protocol:rule_edit", args=[pk]),
    ):
        assert client.get(url).status_code == 403
    count = ProtocolRule.objects.count()
    assert client.post(reverse("protocol:rule_create"), new_rule_data()).status_code == 403
    assert ProtocolRule.objects.count() == count


def test_the_coordinator_reaches_the_rule_pages(coordinator):
    pk = rule("aftercare-first").pk
    for url in (
        reverse("protocol:rules"),
        reverse("protocol:rule_create"),
        reverse("protocol:rule_edit", args=[pk]),
    ):
        assert coordinator.get(url).status_code == 200


def test_anonymous_visitor_is_sent_to_the_login(client, world):
    response = client.get(reverse("protocol:rules"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_rule_is_404(coordinator):
    assert coordinator.get(reverse("protocol:rule_edit", args=[99999])).status_code == 404


# --- the list -----------------------------------------------------------------


def test_list_shows_the_default_rules_in_plain_dutch(coordinator):
    page = coordinator.get(reverse("protocol:rules")).content.decode()
    for default in ProtocolRule.objects.all():
        assert default.title in page
    assert "72 uur (streven 24 uur) na het incident" in page
    assert (
        "48 uur na Besluit over een maatregel: Schriftelijke waarschuwing (gele kaart), Toegangsverbod"
        in page
    )
    assert "6 weken na het incident" in page
    assert "Letsel is een van: Eerste hulp nodig" in page
    assert "Soort gedrag is een van: Fysiek geweld" in page
    assert "Situatie is geen van: Huisbezoek" in page
    assert "Altijd" in page
    assert "001 §7.7, §10" in page
    assert "Advies" not in page  # every default is required
    assert "na het opslaan worden gemeld of gewijzigd" in page
    titles = [r.title for r in ProtocolRule.objects.order_by("position", "pk")]
    assert [page.index(t) for t in titles] == sorted(page.index(t) for t in titles)


def test_list_marks_a_deactivated_rule(coordinator, world):
    legal = rule("legal")
    legal.is_active = False
    rule_save(actor=world.users["coordinator"], rule=legal)
    page = coordinator.get(reverse("protocol:rules")).content.decode()
    assert 'class="rule-inactive"' in page
    assert "Uit" in page


def test_list_takes_as_many_queries_at_n_and_2n_rules(coordinator):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coordinator.get(reverse("protocol:rules")).status_code == 200
        return len(captured)

    coordinator.get(reverse("protocol:rules"))  # warm the session
    before = queries()
    for number in range(ProtocolRule.objects.count()):
        rule_save(actor=None, rule=ProtocolRule(**{**_plain(rule("legal")), "title": f"Extra {number}"}))
    assert queries() == before


def _plain(source: ProtocolRule) -> dict[str, Any]:
    return {
        f.name: getattr(source, f.name)
        for f in ProtocolRule._meta.concrete_fields
        if f.name not in ("id", "code", "created_at", "updated_at", "version")
    }


# --- create -------------------------------------------------------------------


def test_create_a_rule_and_a_new_incident_gets_its_step(coordinator, world):
    response = coordinator.post(reverse("protocol:rule_create"), new_rule_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("protocol:rules")
    created = ProtocolRule.objects.get(title="Beveiliging informeren over de bezoeker")
    assert created.code == "beveiliging-informeren-over-de-bezoeker"
    assert created.version == 1
    assert created.conditions == [
        {"field": "behaviour", "op": "in", "values": ["threat"]},
        {"field": "setting", "op": "in", "values": ["counter"]},
    ]
    assert not created.is_required

    hit = report(world, setting="counter", behaviours=("threat", "verbal"))
    step = hit.steps.get(rule=created)
    assert step.title == created.title
    assert step.owner == "coordinator"
    assert not step.is_required
    assert timezone.localtime(step.due_at) == timezone.localtime(hit.occurred_at) + dt.timedelta(days=2)

    assert not report(world, setting="phone").steps.filter(rule=created).exists()
    assert not report(world, behaviours=("verbal",)).steps.filter(rule=created).exists()


def test_create_shows_the_success_message_in_dutch(coordinator):
    response = coordinator.post(reverse("protocol:rule_create"), new_rule_data(), follow=True)
    assert "De regel ‘Beveiliging informeren over de bezoeker’ is toegevoegd." in response.content.decode()


def test_a_new_rule_with_the_same_title_gets_its_own_code(coordinator):
    coordinator.post(reverse("protocol:rule_create"), new_rule_data())
    coordinator.post(reverse("protocol:rule_create"), new_rule_data())
    codes = sorted(
        ProtocolRule.objects.filter(title__startswith="Beveiliging").values_list("code", flat=True)
    )
    assert codes == ["beveiliging-informeren-over-de-bezoeker", "beveiliging-informeren-over-de-bezoeker-2"]


def test_a_rule_with_is_geen_van_and_any_match(coordinator, world):
    data = new_rule_data(match="any", fact_setting_op="not_in", fact_setting=["counter"])
    assert coordinator.post(reverse("protocol:rule_create"), data).status_code == 302
    created = ProtocolRule.objects.get(title="Beveiliging informeren over de bezoeker")
    assert created.conditions[1] == {"field": "setting", "op": "not_in", "values": ["counter"]}
    # Any: threat at the counter still matches on behaviour; verbal by phone on the setting.
    assert report(world, setting="counter").steps.filter(rule=created).exists()
    assert report(world, setting="phone", behaviours=("verbal",)).steps.filter(rule=created).exists()
    assert not report(world, setting="counter", behaviours=("verbal",)).steps.filter(rule=created).exists()


def test_a_rule_after_a_step_with_outcomes(coordinator):
    data = new_rule_data(
        kind=StepKind.LEGAL,
        anchor=DeadlineAnchor.STEP,
        after_kind=StepKind.MEASURE_DECISION,
        after_outcomes=["building_ban", "restriction"],
        deadline_amount="5",
    )
    assert coordinator.post(reverse("protocol:rule_create"), data).status_code == 302
    created = ProtocolRule.objects.get(title="Beveiliging informeren over de bezoeker")
    assert created.after_kind == StepKind.MEASURE_DECISION
    assert sorted(created.after_outcomes) == ["building_ban", "restriction"]
    page = coordinator.get(reverse("protocol:rules")).content.decode()
    assert "5 dagen na Besluit over een maatregel: " in page


def test_the_new_rule_form_proposes_the_next_position(coordinator):
    last = ProtocolRule.objects.order_by("-position").first()
    page = coordinator.get(reverse("protocol:rule_create")).content.decode()
    assert f'name="position" value="{last.position + 10}"' in page


# --- edit ---------------------------------------------------------------------


def test_every_default_rule_saves_unchanged_through_the_form(coordinator):
    for default in ProtocolRule.objects.all():
        before = (default.conditions, default.match, default.after_outcomes, default.aim_amount)
        response = coordinator.post(
            reverse("protocol:rule_edit", args=[default.pk]), as_post(RuleForm(instance=default))
        )
        assert response.status_code == 302, default.code
        default.refresh_from_db()
        assert (default.conditions, default.match, default.after_outcomes, default.aim_amount) == before
        assert default.version == 2
    # Nothing changed, so nothing to log.
    assert not AuditEvent.objects.filter(action=AuditAction.RULE_CHANGED).exists()


def test_edit_a_default_rules_deadline(coordinator, world):
    first = rule("aftercare-first")
    data = as_post(RuleForm(instance=first), deadline_amount="48")
    response = coordinator.post(reverse("protocol:rule_edit", args=[first.pk]), data)
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.deadline_amount, first.aim_amount, first.version) == (48, 24, 2)

    incident = report(world)
    step = incident.steps.get(rule=first)
    assert step.due_at == incident.occurred_at + dt.timedelta(hours=48)
    assert step.aim_at == incident.occurred_at + dt.timedelta(hours=24)
    page = coordinator.get(reverse("protocol:rules")).content.decode()
    assert "48 uur (streven 24 uur) na het incident" in page


def test_the_audit_log_records_the_change(coordinator, world):
    first = rule("aftercare-first")
    data = as_post(
        RuleForm(instance=first), deadline_amount="48", owner="coordinator", fact_injury=["doctor"]
    )
    coordinator.post(reverse("protocol:rule_edit", args=[first.pk]), data)
    event = AuditEvent.objects.get(action=AuditAction.RULE_CHANGED, target_id=str(first.pk))
    assert event.actor == world.users["coordinator"]
    assert event.target_type == "protocol.protocolrule"
    assert event.changes == {
        "termijn": [72, 48],
        "eigenaar": ["Bedrijfsmaatschappelijk werk / BOT", "Coördinator agressie en geweld"],
        "voorwaarden": ["Altijd", "Letsel is een van: Huisarts of arts"],
    }


def test_the_audit_log_records_a_new_rule(coordinator, world):
    coordinator.post(reverse("protocol:rule_create"), new_rule_data())
    created = ProtocolRule.objects.get(title="Beveiliging informeren over de bezoeker")
    event = AuditEvent.objects.get(action=AuditAction.RULE_CHANGED, target_id=str(created.pk))
    assert event.actor == world.users["coordinator"]
    assert event.changes["stap"] == [None, "Beveiliging informeren over de bezoeker"]
    assert event.changes["termijn"] == [None, 2]


def test_a_deactivated_rule_no_longer_makes_steps_but_is_kept(coordinator, world):
    legal = rule("legal")
    data = as_post(RuleForm(instance=legal), is_active=None)
    assert coordinator.post(reverse("protocol:rule_edit", args=[legal.pk]), data).status_code == 302
    legal.refresh_from_db()
    assert not legal.is_active
    incident = incident_save(
        actor=world.users["employee"],
        facts={
            "occurred_at": timezone.now() - dt.timedelta(hours=1),
            "setting": "counter",
            "description": "Een bezoeker gooide een stoel door de ruit.",
            "reporter_role": "victim",
            "material_damage": True,
        },
        behaviours=["vandalism"],
        victims=[],
        submit=True,
    )
    assert not incident.steps.filter(rule=legal).exists()


# --- bad input: refused in Dutch, what was typed is kept ----------------------


def is_checked(page: str, name: str, value: str) -> bool:
    return bool(
        re.search(rf'<input type="(checkbox|radio)" name="{name}" value="{value}"[^>]* checked', page)
    )


def _refused(response, message: str) -> str:
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'class="error-summary"' in page
    return page


def test_service_refuses_a_condition_on_a_fact_that_does_not_exist(world):
    first = rule("aftercare-first")
    first.conditions = [{"field": "shoe_size", "op": "in", "values": ["42"]}]
    with pytest.raises(ValidationError) as refused:
        rule_save(actor=world.users["coordinator"], rule=first, expected_version=1)
    assert refused.value.message_dict["conditions"] == [
        "Voorwaarde 1 gaat over een gegeven dat niet bestaat: ‘shoe_size’."
    ]
    assert rule("aftercare-first").conditions == []
    assert rule("aftercare-first").version == 1  # the bump was rolled back


def test_form_refuses_a_condition_on_a_fact_that_does_not_exist(coordinator):
    first = rule("aftercare-first")
    data = as_post(RuleForm(instance=first), title=TYPED_TITLE, fact_shoe_size="42", fact_injury=["doctor"])
    response = coordinator.post(reverse("protocol:rule_edit", args=[first.pk]), data)
    page = _refused(response, "Voorwaarde 2 gaat over een gegeven dat niet bestaat: ‘shoe_size’.")
    assert TYPED_TITLE in page
    assert is_checked(page, "fact_injury", "doctor")
    assert 'aria-describedby="conditions_helptext conditions_error"' in page
    assert '<a href="#conditions">' in page
    assert rule("aftercare-first").title != TYPED_TITLE


def test_form_refuses_a_value_that_is_not_among_the_choices(coordinator):
    data = new_rule_data(title=TYPED_TITLE, fact_behaviour=["threat", "kicking"])
    response = coordinator.post(reverse("protocol:rule_create"), data)
    page = _refused(response, "Voorwaarde 1 (Soort gedrag) kent deze waarden niet: kicking.")
    assert TYPED_TITLE in page
    assert is_checked(page, "fact_behaviour", "threat")
    assert not ProtocolRule.objects.filter(title=TYPED_TITLE).exists()


def test_form_refuses_an_unknown_comparison(coordinator):
    response = coordinator.post(reverse("protocol:rule_create"), new_rule_data(fact_behaviour_op="like"))
    _refused(response, "Voorwaarde 1 heeft een onbekende vergelijking.")


def test_service_refuses_a_cycle_between_steps(world):
    # The default letter waits for the measure decision; a decision after the letter loops.
    looping = ProtocolRule(
        **{
            **_plain(rule("measure-decision")),
            "title": "Tweede besluit",
            "anchor": DeadlineAnchor.STEP,
            "after_kind": StepKind.MEASURE_LETTER,
        }
    )
    with pytest.raises(ValidationError) as refused:
        rule_save(actor=world.users["coordinator"], rule=looping)
    assert refused.value.message_dict["after_kind"] == [
        "Deze keuze maakt een kring: de stappen wachten op elkaar."
    ]
    assert not ProtocolRule.objects.filter(title="Tweede besluit").exists()


def test_form_refuses_a_cycle_between_steps(coordinator):
    decision = rule("measure-decision")
    data = as_post(
        RuleForm(instance=decision),
        title=TYPED_TITLE,
        anchor=DeadlineAnchor.STEP,
        after_kind=StepKind.MEASURE_LETTER,
    )
    response = coordinator.post(reverse("protocol:rule_edit", args=[decision.pk]), data)
    page = _refused(response, "Deze keuze maakt een kring: de stappen wachten op elkaar.")
    assert TYPED_TITLE in page
    assert '<option value="measure_letter" selected>' in page
    assert 'aria-describedby="id_after_kind_helptext id_after_kind_error"' in page
    decision.refresh_from_db()
    assert (decision.anchor, decision.after_kind) == (DeadlineAnchor.INCIDENT, "")


def test_form_refuses_a_step_after_itself(coordinator):
    data = new_rule_data(
        title=TYPED_TITLE, kind=StepKind.LEGAL, anchor=DeadlineAnchor.STEP, after_kind=StepKind.LEGAL
    )
    response = coordinator.post(reverse("protocol:rule_create"), data)
    page = _refused(response, "Deze keuze maakt een kring: de stappen wachten op elkaar.")
    assert TYPED_TITLE in page


def test_form_refuses_an_aim_longer_than_the_deadline(coordinator):
    first = rule("aftercare-first")
    data = as_post(RuleForm(instance=first), title=TYPED_TITLE, aim_amount="100")
    response = coordinator.post(reverse("protocol:rule_edit", args=[first.pk]), data)
    page = _refused(response, "De streeftermijn mag niet langer zijn dan de termijn.")
    assert TYPED_TITLE in page
    assert 'name="aim_amount" value="100"' in page
    assert rule("aftercare-first").aim_amount == 24


def test_form_refuses_an_outcome_of_another_step(coordinator):
    letter = rule("measure-letter")
    data = as_post(RuleForm(instance=letter), after_outcomes=["written_warning", "aangifte"])
    response = coordinator.post(reverse("protocol:rule_edit", args=[letter.pk]), data)
    page = _refused(response, "Die uitkomst bestaat niet bij de gekozen stap.")
    assert is_checked(page, "after_outcomes", "aangifte")
    assert is_checked(page, "after_outcomes", "written_warning")


def test_form_refuses_a_step_anchor_without_a_step(coordinator):
    data = new_rule_data(title=TYPED_TITLE, anchor=DeadlineAnchor.STEP)
    _refused(
        coordinator.post(reverse("protocol:rule_create"), data), "Kies de stap waarna deze termijn begint."
    )


def test_form_refuses_an_incident_anchor_with_a_step(coordinator):
    data = new_rule_data(after_kind=StepKind.MEASURE_DECISION)
    response = coordinator.post(reverse("protocol:rule_create"), data)
    _refused(response, "Een termijn vanaf het incident hoort niet bij een andere stap.")


def test_form_refuses_missing_required_fields_in_dutch(coordinator):
    data = new_rule_data(title="", owner=None, deadline_amount="0")
    page = _refused(coordinator.post(reverse("protocol:rule_create"), data), "Geef de stap een naam.")
    assert "Kies wie de stap doet." in page
    assert "De termijn moet minstens 1 zijn." in page
    assert "Laat de beveiliging weten wie de bezoeker is." in page  # what was typed stays
    assert is_checked(page, "fact_setting", "counter")


def test_service_refuses_a_stale_version(world):
    first = rule("aftercare-first")
    first.deadline_amount = 48
    rule_save(actor=world.users["coordinator"], rule=first, expected_version=1)
    late = rule("aftercare-first")
    late.deadline_amount = 96
    with pytest.raises(RuleChangedMeanwhile):
        rule_save(actor=world.users["coordinator"], rule=late, expected_version=1)
    assert rule("aftercare-first").deadline_amount == 48


def test_form_refuses_a_stale_version_and_keeps_what_was_typed(coordinator, world):
    first = rule("aftercare-first")
    opened = as_post(RuleForm(instance=first), title=TYPED_TITLE, deadline_amount="96")
    meanwhile = rule("aftercare-first")
    meanwhile.deadline_amount = 48
    rule_save(actor=world.users["coordinator"], rule=meanwhile, expected_version=1)

    response = coordinator.post(reverse("protocol:rule_edit", args=[first.pk]), opened)
    page = _refused(response, "Deze regel is intussen gewijzigd, door iemand anders of in een ander tabblad.")
    assert TYPED_TITLE in page
    assert 'name="deadline_amount" value="96"' in page
    assert 'name="version" value="1"' in page  # a second try is refused too, never silently wins
    assert "Open de nieuwste versie van deze regel" in page
    stored = rule("aftercare-first")
    assert (stored.title, stored.deadline_amount, stored.version) == (first.title, 48, 2)


def test_form_without_a_version_is_refused_as_stale(coordinator):
    first = rule("aftercare-first")
    data = as_post(RuleForm(instance=first), version="")
    _refused(coordinator.post(reverse("protocol:rule_edit", args=[first.pk]), data), "intussen gewijzigd")
