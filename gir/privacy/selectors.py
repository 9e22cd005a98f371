"""Reads of the audit log for the privacy officer (issue 17 item 7): the filtered rows,
and each row as the screen and the export show it, without case content."""

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import CharField, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from gir.accounts.models import User
from gir.audit.models import AuditAction, AuditCheckpoint, AuditEvent
from gir.core import clock
from gir.perpetrators.models import Perpetrator

from .constants import ACTIONS_OF_KIND, CHANGES_SHOWN, DETAIL_SHOWN, RECEPTION_ACTIONS

INCIDENT = "incidents.incident"
PERPETRATOR = "perpetrators.perpetrator"
ACCOUNT = "accounts.user"
REFERENCE = re.compile(r"^\s*M-?0*(\d{1,12})\s*$", re.IGNORECASE)
# At most this many people of a name are looked up among the desk's searches.
SHOWN_MAX = 100
FIXED_LABELS = {
    "perpetrators.reception_check": lambda: _("Zoeken aan de balie"),
    "perpetrators.ban_list": lambda: _("Overzicht toegangsverboden"),
    "aftercare.report": lambda: _("Kwartaalrapportage nazorg"),
    "audit.auditevent": lambda: _("Auditlog"),
}


def _shown_at_the_desk(person_ids: list[int]) -> Q:
    """Searches at the desk and views of the binder that showed one of these people,
    whatever was typed: their ``changes`` hold ``{"veroorzaker": <id>, ...}`` (as JSON
    text on SQLite, as jsonb rendered to text on PostgreSQL; both write ``": "``)."""
    if not person_ids:
        return Q(pk__in=[])
    ids = "|".join(str(pk) for pk in person_ids)
    return Q(action__in=RECEPTION_ACTIONS, changes_text__regex=rf'"veroorzaker": ({ids})[,}}]')


def _ids_as_text(queryset: QuerySet[Any]) -> QuerySet[Any]:
    ids: QuerySet[Any] = queryset.annotate(text_id=Cast("pk", CharField())).values("text_id")
    return ids


def audit_rows(filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """The log, newest first, narrowed by the officer's filters."""
    rows = AuditEvent.objects.select_related("actor").order_by("-at", "-pk")
    if text := filters.get("persoon"):
        if match := REFERENCE.match(text):
            rows = rows.filter(target_type=INCIDENT, target_id=str(int(match.group(1))))
        else:
            people = Perpetrator.objects.filter(Q(full_name__icontains=text) | Q(aliases__icontains=text))
            accounts = User.objects.filter(
                Q(username__iexact=text) | Q(first_name__icontains=text) | Q(last_name__icontains=text)
            )
            rows = rows.annotate(changes_text=Cast("changes", TextField())).filter(
                Q(target_type=PERPETRATOR, target_id__in=_ids_as_text(people))
                | Q(target_type=ACCOUNT, target_id__in=_ids_as_text(accounts))
                | Q(action=AuditAction.RECEPTION_CHECK, detail__icontains=text)
                | _shown_at_the_desk(list(people.values_list("pk", flat=True)[:SHOWN_MAX]))
            )
    if text := filters.get("gebruiker"):
        rows = rows.filter(
            Q(actor__username__iexact=text)
            | Q(actor__first_name__icontains=text)
            | Q(actor__last_name__icontains=text)
        )
    if start := filters.get("van"):
        rows = rows.filter(at__gte=_day(start))
    if end := filters.get("tot"):
        rows = rows.filter(at__lt=_day(end + dt.timedelta(days=1)))
    if kind := filters.get("soort"):
        rows = rows.filter(action__in=ACTIONS_OF_KIND[kind])
    if action := filters.get("handeling"):
        rows = rows.filter(action=action)
    return rows


def last_prune() -> AuditCheckpoint | None:
    """Where the retention prune last cut the log, if it ever did."""
    return AuditCheckpoint.objects.order_by("-first_kept_id").first()


def _day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=clock.AMSTERDAM)


@dataclass(frozen=True)
class Row:
    """One audit row as the privacy officer sees it."""

    pk: int
    at: dt.datetime
    actor: str
    action: str
    target: str
    detail: str
    hash: str


def _changes_text(changes: Any) -> str:
    if not changes:
        return ""
    if isinstance(changes, dict):
        return "; ".join(f"{key}: {_change_text(value)}" for key, value in changes.items())
    return _value_text(changes)


def _change_text(value: Any) -> str:
    """A change is written as [before, after] (gir.audit): shown with an arrow between."""
    if isinstance(value, list) and len(value) == 2:
        return f"{_value_text(value[0])} → {_value_text(value[1])}"
    return _value_text(value)


def _value_text(value: Any) -> str:
    if value in ({}, [], "", None):
        return _("geen")
    if isinstance(value, list):
        return ", ".join(_value_text(item) for item in value)
    if isinstance(value, dict):
        return "(" + _changes_text(value) + ")"
    return str(value)


def _target_label(event: AuditEvent, usernames: dict[str, str]) -> str:
    kind, pk = event.target_type, event.target_id
    if kind == INCIDENT and pk.isdigit():
        return _("Melding M-%(number)06d") % {"number": int(pk)}
    if kind == PERPETRATOR:
        return _("Veroorzaker #%(pk)s") % {"pk": pk}
    if kind == ACCOUNT and pk:
        return _("Account %(name)s") % {"name": usernames.get(pk, f"#{pk}")}
    if kind in FIXED_LABELS:
        return str(FIXED_LABELS[kind]())
    try:
        name = str(apps.get_model(kind)._meta.verbose_name)
    except (LookupError, ValueError):
        name = kind
    return f"{name[:1].upper()}{name[1:]} #{pk}" if pk else name


def _actor_label(event: AuditEvent) -> str:
    actor = event.actor
    if actor is None:
        return _("(niemand ingelogd)")
    full = actor.get_full_name()
    return f"{full} ({actor.username})" if full else actor.username


def describe(events: Iterable[AuditEvent]) -> Iterator[Row]:
    """The rows of one page (or of an export chunk), with their targets named: one query
    for the accounts among them, whatever their number."""
    events = list(events)
    account_ids = {e.target_id for e in events if e.target_type == ACCOUNT and e.target_id.isdigit()}
    usernames = (
        {str(pk): name for pk, name in User.objects.filter(pk__in=account_ids).values_list("pk", "username")}
        if account_ids
        else {}
    )
    for event in events:
        parts = []
        if event.action in DETAIL_SHOWN and event.detail:
            parts.append(event.detail)
        if event.action in CHANGES_SHOWN:
            parts.append(_changes_text(event.changes))
        elif event.action == AuditAction.RECEPTION_CHECK:
            shown = event.changes.get("getoond", []) if isinstance(event.changes, dict) else []
            parts.append(_("%(count)s personen getoond") % {"count": len(shown)})
        yield Row(
            pk=event.pk,
            at=event.at,
            actor=_actor_label(event),
            action=event.get_action_display(),
            target=_target_label(event, usernames),
            detail=" · ".join(p for p in parts if p),
            hash=event.hash,
        )
