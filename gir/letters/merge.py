"""Merge fields of letter templates: {{ naam }} in a template's text becomes the
value for the letter's measure. The list is fixed; a template with an unknown
field is refused when it is saved."""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gir.core.formats import euro
from gir.perpetrators.due_process import facts_summary

FIELD = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
BRACES = re.compile(r"\{\{|\}\}")


def _date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%d-%m-%Y")


@dataclass(frozen=True)
class LetterContext:
    """What a letter is about: the measure, its signatory and the letter's date."""

    measure: Any
    signatory: Any
    signatory_title: str
    reference: str
    issued_on: dt.date


def _first_incident(c: LetterContext) -> Any:
    incidents = sorted(c.measure.incidents.all(), key=lambda i: (i.occurred_at or i.created_at, i.pk))
    return incidents[0] if incidents else None


def _incident_date(c: LetterContext) -> str:
    incident = _first_incident(c)
    return _date(incident.occurred_at) if incident and incident.occurred_at else ""


def _incident_place(c: LetterContext) -> str:
    incident = _first_incident(c)
    if incident is None:
        return ""
    return str(incident.location) if incident.location_id else incident.get_setting_display()


def _damage_claim(c: LetterContext) -> Any:
    # The claim whose measure this is (gir.damage); absent for other measures.
    return getattr(c.measure, "damage_claim", None) if c.measure.pk else None


def _damage_amount(c: LetterContext) -> str:
    claim = _damage_claim(c)
    return euro(claim.amount_claimed) if claim else ""


def _damage_items(c: LetterContext) -> str:
    claim = _damage_claim(c)
    if claim is None:
        return ""
    return "\n".join(f"- {item.description}: {euro(item.amount)}" for item in claim.items.order_by("pk"))


def _objection_until(c: LetterContext) -> str:
    return _date(c.issued_on + dt.timedelta(weeks=settings.GIR_OBJECTION_WEEKS))


# The privacy notice is a text the coordinator edits once for every letter (LetterText).
PRIVACY_NOTICE = "privacyverklaring"


def _privacy_notice(c: LetterContext) -> str:
    """The privacy notice with its own merge fields filled in (it cannot hold itself)."""
    from .models import LetterText

    text = LetterText.objects.filter(code=PRIVACY_NOTICE).values_list("text", flat=True).first() or ""
    return FIELD.sub(
        lambda match: "" if match.group(1) == PRIVACY_NOTICE else MERGE_FIELDS[match.group(1)][1](c), text
    )


def _retention(c: LetterContext) -> str:
    days = settings.GIR_PERPETRATOR_RETENTION_DAYS
    if days % 365 == 0:
        return _("%(years)s jaar") % {"years": days // 365}
    return _("%(days)s dagen") % {"days": days}


MERGE_FIELDS: dict[str, tuple[Any, Callable[[LetterContext], str]]] = {
    "datum": (gettext_lazy("datum van de brief"), lambda c: _date(c.issued_on)),
    "kenmerk": (gettext_lazy("kenmerk van de brief"), lambda c: c.reference),
    "naam": (gettext_lazy("naam van de persoon"), lambda c: c.measure.perpetrator.full_name),
    "adres": (gettext_lazy("adres van de persoon"), lambda c: c.measure.perpetrator.address),
    "geboortedatum": (gettext_lazy("geboortedatum"), lambda c: _date(c.measure.perpetrator.date_of_birth)),
    "incident_datum": (gettext_lazy("datum van het incident"), _incident_date),
    "incident_plaats": (gettext_lazy("plaats of kanaal van het incident"), _incident_place),
    "maatregel": (gettext_lazy("soort maatregel"), lambda c: c.measure.get_kind_display().lower()),
    "ingangsdatum": (gettext_lazy("ingangsdatum"), lambda c: _date(c.measure.starts_on)),
    "einddatum": (gettext_lazy("einddatum"), lambda c: _date(c.measure.ends_on)),
    "gronden": (gettext_lazy("gronden van het besluit"), lambda c: c.measure.grounds),
    "samenvatting": (
        gettext_lazy("samenvatting van de melding(en): datum, plaats, gedrag, ernst (zonder namen)"),
        lambda c: facts_summary(c.measure.incidents.all()),
    ),
    "reactie_termijn": (
        gettext_lazy("uiterste datum voor een schriftelijke reactie"),
        lambda c: _date(c.measure.answer_by),
    ),
    "gesprek_datum": (
        gettext_lazy("datum en tijd van het ordegesprek"),
        lambda c: (
            timezone.localtime(c.measure.meeting_at).strftime("%d-%m-%Y om %H:%M")
            if c.measure.meeting_at
            else ""
        ),
    ),
    "gesprek_plaats": (gettext_lazy("plaats van het ordegesprek"), lambda c: c.measure.meeting_place),
    "bezwaar_termijn": (gettext_lazy("uiterste datum voor bezwaar"), _objection_until),
    "schadebedrag": (gettext_lazy("gevorderd schadebedrag"), _damage_amount),
    "schadeposten": (gettext_lazy("schadeposten met bedragen"), _damage_items),
    "ondertekenaar": (gettext_lazy("naam van wie ondertekent"), lambda c: c.signatory.get_full_name()),
    "functie_ondertekenaar": (gettext_lazy("functie van wie ondertekent"), lambda c: c.signatory_title),
    "organisatie": (gettext_lazy("naam van de organisatie"), lambda c: settings.GIR_ORGANISATION_NAME),
    "organisatie_adres": (
        gettext_lazy("adres van de organisatie"),
        lambda c: settings.GIR_ORGANISATION_ADDRESS.replace("\\n", "\n"),
    ),
    PRIVACY_NOTICE: (gettext_lazy("privacyverklaring (de tekst onder ‘Privacyverklaring’)"), _privacy_notice),
    "fg_adres": (
        gettext_lazy("adres van de functionaris gegevensbescherming"),
        lambda c: settings.GIR_PRIVACY_OFFICER_ADDRESS.replace("\\n", "\n"),
    ),
    "bewaartermijn": (gettext_lazy("hoe lang het register de gegevens bewaart"), _retention),
}


def check_merge_fields(*texts: str) -> None:
    """Refuse a template text with an unknown or broken merge field."""
    unknown: list[str] = []
    broken = False
    for text in texts:
        unknown += [name for name in FIELD.findall(text) if name not in MERGE_FIELDS]
        broken = broken or bool(BRACES.search(FIELD.sub("", text)))
    if unknown:
        raise ValidationError(
            _("Onbekend invulveld: %(fields)s. Kies uit de lijst met invulvelden.")
            % {"fields": ", ".join(f"{{{{ {name} }}}}" for name in dict.fromkeys(unknown))}
        )
    if broken:
        raise ValidationError(
            _("Een invulveld is niet goed geschreven: gebruik {{ naam }}, met dubbele accolades.")
        )


def merge(text: str, context: LetterContext) -> str:
    return FIELD.sub(lambda match: MERGE_FIELDS[match.group(1)][1](context), text)
