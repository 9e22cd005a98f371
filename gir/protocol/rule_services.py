"""Writes to the protocol rules (DESIGN §2.2): the coordinator adjusts them in GIR.

Rules are never deleted, because steps refer to them: a rule that should no longer
apply is deactivated. A change applies to incidents reported or changed afterwards.
"""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core.exceptions import ConcurrentEditError

from .constants import outcome_choices
from .facts import describe_conditions
from .models import ProtocolRule

# The fields the coordinator edits, in the order the audit log lists them.
EDITABLE_FIELDS = (
    "title",
    "kind",
    "requirement",
    "owner",
    "conditions",
    "match",
    "anchor",
    "after_kind",
    "after_outcomes",
    "deadline_amount",
    "deadline_unit",
    "aim_amount",
    "explanation",
    "source",
    "is_active",
    "position",
)


class RuleChangedMeanwhile(ConcurrentEditError):
    """Someone else saved the rule after this form was opened."""


def _display(rule: ProtocolRule, name: str) -> Any:
    """A field's value as a person reads it, for the audit log."""
    value = getattr(rule, name)
    if name == "conditions":
        return describe_conditions(value, rule.match) if isinstance(value, list) else str(value)
    if name == "after_outcomes":
        labels = dict(outcome_choices(rule.after_kind))
        return ", ".join(str(labels.get(v, v)) for v in value) if isinstance(value, list) else str(value)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if rule._meta.get_field(name).choices and value:
        return str(getattr(rule, f"get_{name}_display")())
    return value if value is None or isinstance(value, str | int) else str(value)


def _unique_code(title: str) -> str:
    base = slugify(title)[:50].strip("-") or "regel"
    code, number = base, 1
    while ProtocolRule.objects.filter(code=code).exists():
        number += 1
        code = f"{base}-{number}"
    return code


@transaction.atomic
def rule_save(*, actor: Any, rule: ProtocolRule, expected_version: int | None = None) -> ProtocolRule:
    """Create or update a protocol rule after full_clean(); refuses unknown facts or
    values, cycles between steps and an aim longer than the deadline.

    An update whose expected_version is not the stored one raises RuleChangedMeanwhile,
    so two coordinators editing at once never overwrite each other silently.
    """
    # Lock the rules so two saves cannot each pass the cycle check and together make
    # a cycle; rule edits are rare, so serialising them costs nothing.
    list(ProtocolRule.objects.select_for_update().values_list("pk", flat=True))
    creating = rule.pk is None
    if creating:
        rule.code = rule.code or _unique_code(rule.title)
        rule.version = 1
        rule.full_clean()
        rule.save()
        changes = {
            str(ProtocolRule._meta.get_field(name).verbose_name): [None, _display(rule, name)]
            for name in EDITABLE_FIELDS
            if getattr(rule, name) not in (None, "", [])
        }
        log_event(
            actor=actor, action=AuditAction.RULE_CHANGED, target=rule, changes=changes, detail=rule.title
        )
        return rule

    same_version = {} if expected_version is None else {"version": expected_version}
    if not ProtocolRule.objects.filter(pk=rule.pk, **same_version).update(version=F("version") + 1):
        raise RuleChangedMeanwhile
    # Compare against the stored row, not the object a ModelForm has already changed.
    stored = ProtocolRule.objects.get(pk=rule.pk)
    rule.code, rule.version = stored.code, stored.version
    rule.full_clean()
    changed = [name for name in EDITABLE_FIELDS if getattr(stored, name) != getattr(rule, name)]
    rule.save(update_fields=[*changed, "version", "updated_at"])
    if changed:
        changes = {
            str(ProtocolRule._meta.get_field(name).verbose_name): [
                _display(stored, name),
                _display(rule, name),
            ]
            for name in changed
        }
        log_event(
            actor=actor, action=AuditAction.RULE_CHANGED, target=rule, changes=changes, detail=rule.title
        )
    return rule
