"""Which column of the file fills which GIR field, and the words old registrations use
for GIR's choices (issue 7 item 4).

The mapping is {field key: header of the file, or ""}. It is guessed from the headers
("Datum incident" → datum) and the user may change it before the dry run.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gir.incidents.constants import BehaviourKind, EscalationLevel, Injury, Setting


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str | Promise
    required: bool
    # Header words that point at this field; an exact header match counts most.
    words: tuple[str, ...]
    help_text: str | Promise = ""


FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "datum",
        _("Datum"),
        True,
        ("datum", "datum incident", "incidentdatum", "datum voorval", "wanneer", "date"),
        _("dd-mm-jjjj, jjjj-mm-dd, dd/mm/jjjj of een Excel-datum; mag een tijd bevatten"),
    ),
    ImportField("tijd", _("Tijd"), False, ("tijd", "tijdstip", "uur", "time"), _("uu:mm")),
    ImportField(
        "afdeling",
        _("Afdeling of team"),
        True,
        ("afdeling", "team", "organisatieonderdeel", "eenheid", "unit"),
        _("de naam van een afdeling of team in GIR"),
    ),
    ImportField(
        "situatie",
        _("Situatie"),
        False,
        ("situatie", "plaats/situatie", "kanaal", "waar", "setting"),
        _("bijvoorbeeld balie, telefoon, e-mail, huisbezoek"),
    ),
    ImportField(
        "gedrag",
        _("Soort gedrag"),
        False,
        ("soort gedrag", "gedrag", "soort agressie", "type", "soort", "aard"),
        _("een of meer, gescheiden door , ; of /"),
    ),
    ImportField("ernst", _("Ernst (A–E)"), False, ("ernst", "ernst (a-e)", "niveau", "escalatie", "schaal")),
    ImportField(
        "omschrijving",
        _("Wat gebeurde er"),
        False,
        ("omschrijving", "wat gebeurde er", "beschrijving", "toelichting", "wat", "voorval", "incident"),
    ),
    ImportField("locatie", _("Locatie (gebouw)"), False, ("locatie", "gebouw", "vestiging", "pand")),
    ImportField("letsel", _("Letsel"), False, ("letsel", "gevolgen", "verwonding")),
    ImportField(
        "veroorzaker_bekend",
        _("Veroorzaker bekend"),
        False,
        ("veroorzaker bekend", "dader bekend", "bekend", "dader", "veroorzaker"),
        _("ja of nee"),
    ),
    ImportField(
        "kenmerk",
        _("Kenmerk in oude registratie"),
        False,
        ("kenmerk", "volgnummer", "nummer", "nr", "registratienummer", "id", "referentie"),
    ),
    ImportField(
        "status",
        _("Status"),
        False,
        ("status", "afgehandeld", "stand"),
        _("open of afgehandeld; leeg: afgehandeld als de melding ouder is dan 90 dagen"),
    ),
)
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
REQUIRED = tuple(f.key for f in FIELDS if f.required)


def normalise(text: object) -> str:
    """Lower case, no accents, no text in brackets, single spaces."""
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    value = re.sub(r"\([^)]*\)", " ", value)
    value = re.sub(r"[^a-z0-9/+&-]+", " ", value)
    return " ".join(value.split())


def _header_key(text: str) -> str:
    # Headers keep their brackets' text out and drop separators: "Ernst (A-E)" → "ernst".
    return " ".join(re.sub(r"[/_-]+", " ", normalise(text)).split())


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """The likeliest header for each field: an exact word match first, then a header that
    starts with or contains the word. Each header fills one field at most."""
    scored: list[tuple[int, int, str, str]] = []
    for order, spec in enumerate(FIELDS):
        for header in headers:
            key = _header_key(header)
            best = 0
            for weight, word in enumerate(spec.words):
                word_key = _header_key(word)
                bonus = len(spec.words) - weight  # earlier words are the likelier ones
                if key == word_key:
                    best = max(best, 300 + bonus)
                elif key.startswith(word_key + " ") or key.endswith(" " + word_key):
                    best = max(best, 200 + bonus)
                elif f" {word_key} " in f" {key} ":
                    best = max(best, 100 + bonus)
            if best:
                scored.append((best, -order, spec.key, header))
    mapping = {spec.key: "" for spec in FIELDS}
    used: set[str] = set()
    for _score, _order, key, header in sorted(scored, reverse=True):
        if not mapping[key] and header not in used:
            mapping[key] = header
            used.add(header)
    return mapping


def missing_required(mapping: dict[str, str], headers: list[str]) -> list[str]:
    """Dutch messages for each required field without a column of the file."""
    return [
        str(_("Geen kolom gekozen voor ‘%(field)s’; die is verplicht.") % {"field": FIELDS_BY_KEY[key].label})
        for key in REQUIRED
        if not mapping.get(key) or mapping[key] not in headers
    ]


# --- The words for GIR's choices ----------------------------------------------------------


def _vocabulary(choices: type[models.TextChoices], synonyms: dict[str, str]) -> dict[str, str]:
    words = {normalise(value): str(value) for value in choices.values}
    words.update({normalise(label): str(value) for value, label in choices.choices})
    words.update({normalise(word): str(value) for word, value in synonyms.items()})
    return words


SETTING_WORDS = _vocabulary(
    Setting,
    {
        "balie": Setting.COUNTER,
        "receptie": Setting.COUNTER,
        "loket": Setting.COUNTER,
        "publieksbalie": Setting.COUNTER,
        "telefoon": Setting.PHONE,
        "telefonisch": Setting.PHONE,
        "klantcontactcentrum": Setting.PHONE,
        "e-mail": Setting.EMAIL,
        "email": Setting.EMAIL,
        "mail": Setting.EMAIL,
        "huisbezoek": Setting.HOME_VISIT,
        "bij de klant thuis": Setting.HOME_VISIT,
        "spreekkamer": Setting.MEETING_ROOM,
        "gesprek": Setting.MEETING_ROOM,
        "brief": Setting.WRITTEN,
        "schriftelijk": Setting.WRITTEN,
        "sociale media": Setting.SOCIAL_MEDIA,
        "social media": Setting.SOCIAL_MEDIA,
        "internet": Setting.SOCIAL_MEDIA,
        "facebook": Setting.SOCIAL_MEDIA,
        "bedrijfsbezoek": Setting.COMPANY_VISIT,
        "controle bedrijf": Setting.COMPANY_VISIT,
        "openbare ruimte": Setting.PUBLIC_SPACE,
        "straat": Setting.PUBLIC_SPACE,
        "buiten": Setting.PUBLIC_SPACE,
        "op straat": Setting.PUBLIC_SPACE,
        "surveillance": Setting.PUBLIC_SPACE,
        "bijeenkomst": Setting.GROUP_MEETING,
        "informatieavond": Setting.GROUP_MEETING,
        "raadsvergadering": Setting.COUNCIL_MEETING,
        "commissievergadering": Setting.COUNCIL_MEETING,
    },
)

BEHAVIOUR_WORDS = _vocabulary(
    BehaviourKind,
    {
        "verbaal": BehaviourKind.VERBAL,
        "verbaal geweld": BehaviourKind.VERBAL,
        "schelden": BehaviourKind.VERBAL,
        "uitschelden": BehaviourKind.VERBAL,
        "belediging": BehaviourKind.VERBAL,
        "beledigen": BehaviourKind.VERBAL,
        "vernederen": BehaviourKind.VERBAL,
        "fysiek": BehaviourKind.PHYSICAL,
        "fysiek geweld": BehaviourKind.PHYSICAL,
        "slaan": BehaviourKind.PHYSICAL,
        "schoppen": BehaviourKind.PHYSICAL,
        "duwen": BehaviourKind.PHYSICAL,
        "spugen": BehaviourKind.PHYSICAL,
        "bedreiging": BehaviourKind.THREAT,
        "bedreigen": BehaviourKind.THREAT,
        "dreigen": BehaviourKind.THREAT,
        "intimidatie": BehaviourKind.THREAT,
        "bedreiging of intimidatie": BehaviourKind.THREAT,
        "stalking": BehaviourKind.STALKING,
        "opwachten": BehaviourKind.STALKING,
        "discriminatie": BehaviourKind.DISCRIMINATION,
        "racisme": BehaviourKind.DISCRIMINATION,
        "seksuele intimidatie": BehaviourKind.SEXUAL,
        "vernieling": BehaviourKind.VANDALISM,
        "schade": BehaviourKind.VANDALISM,
        "vernieling of schade": BehaviourKind.VANDALISM,
    },
)

INJURY_WORDS = _vocabulary(
    Injury,
    {
        "geen": Injury.NONE,
        "nee": Injury.NONE,
        "geen letsel": Injury.NONE,
        "eerste hulp": Injury.FIRST_AID,
        "ehbo": Injury.FIRST_AID,
        "licht": Injury.FIRST_AID,
        "arts": Injury.DOCTOR,
        "huisarts": Injury.DOCTOR,
        "dokter": Injury.DOCTOR,
        "ziekenhuis": Injury.HOSPITAL,
        "opname": Injury.HOSPITAL,
        "blijvend": Injury.LASTING,
        "blijvende schade": Injury.LASTING,
        "overleden": Injury.FATAL,
    },
)

YES_WORDS = frozenset({"ja", "j", "yes", "y", "bekend", "true", "waar", "1", "x"})
NO_WORDS = frozenset({"nee", "n", "no", "onbekend", "false", "onwaar", "0"})
OPEN_WORDS = frozenset({"open", "lopend", "in behandeling", "gemeld", "nieuw", "openstaand"})
CLOSED_WORDS = frozenset({"afgehandeld", "gesloten", "afgesloten", "closed", "klaar", "gereed", "afgerond"})
LEVELS = frozenset(EscalationLevel.values)
BEHAVIOUR_SEPARATORS = re.compile(r"[,;/]|\s+en\s+|\s*\+\s*")
