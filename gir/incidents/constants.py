"""Catalogues of the report form, from the seeds (cited per choice set)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    REPORTED = "reported", _("Gemeld")
    IN_PROGRESS = "in_progress", _("In behandeling")
    CLOSED = "closed", _("Afgehandeld")


class BehaviourKind(models.TextChoices):
    """001 "Onacceptabel gedrag, de professionele grens"."""

    VERBAL = "verbal", _("Verbaal geweld (schelden, beledigen, vernederen)")
    PHYSICAL = "physical", _("Fysiek geweld (slaan, schoppen, spugen, duwen)")
    THREAT = "threat", _("Bedreiging of intimidatie")
    STALKING = "stalking", _("Stalking (achtervolgen, opwachten, lastigvallen)")
    DISCRIMINATION = "discrimination", _("Discriminatie")
    SEXUAL = "sexual", _("Seksuele intimidatie")
    VANDALISM = "vandalism", _("Vernieling of schade")


class EscalationLevel(models.TextChoices):
    """The A–E table of 001 §2.1."""

    A = "A", _("A — Emotie, gericht op zichzelf (‘ik’)")
    B = "B", _("B — Emotie, gericht op de organisatie (‘jullie’)")
    C = "C", _("C — Verbale agressie tegen de medewerker (‘jij’)")
    D = "D", _("D — Bedreiging, intimidatie of fysiek geweld")
    E = "E", _("E — Dreigen zichzelf iets aan te doen")


class AggressionType(models.TextChoices):
    """001 §2.1, the four types of aggression."""

    FRUSTRATION = "frustration", _("Frustratie-agressie")
    INSTRUMENTAL = "instrumental", _("Instrumentele agressie")
    RANDOM = "random", _("Willekeurige agressie")
    DISORDER_OR_SUBSTANCES = "disorder", _("Door psychische stoornis of middelengebruik")
    UNKNOWN = "unknown", _("Weet ik niet")


class Setting(models.TextChoices):
    """Where or through which channel it happened (001 §3–§6)."""

    COUNTER = "counter", _("Balie of receptie")
    PHONE = "phone", _("Telefoon")
    MEETING_ROOM = "meeting_room", _("Spreekkamer of vergaderruimte")
    WRITTEN = "written", _("Brief")
    EMAIL = "email", _("E-mail")
    SOCIAL_MEDIA = "social_media", _("Sociale media of internet")
    HOME_VISIT = "home_visit", _("Huisbezoek")
    COMPANY_VISIT = "company_visit", _("Bedrijfsbezoek")
    PUBLIC_SPACE = "public_space", _("Openbare ruimte")
    GROUP_MEETING = "group_meeting", _("Groepsbijeenkomst of informatieavond")
    COUNCIL_MEETING = "council_meeting", _("Raads- of commissievergadering")


DIGITAL_SETTINGS = frozenset({Setting.EMAIL, Setting.SOCIAL_MEDIA})
# Settings that take place in one of the organisation's buildings.
OFFICE_SETTINGS = frozenset(
    {Setting.COUNTER, Setting.MEETING_ROOM, Setting.GROUP_MEETING, Setting.COUNCIL_MEETING}
)


class DigitalChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    FACEBOOK = "facebook", _("Facebook")
    X = "x", _("X (Twitter)")
    INSTAGRAM = "instagram", _("Instagram")
    TIKTOK = "tiktok", _("TikTok")
    YOUTUBE = "youtube", _("YouTube")
    LINKEDIN = "linkedin", _("LinkedIn")
    MESSAGING = "messaging", _("WhatsApp of ander berichtenapp")
    FORUM = "forum", _("Website of internetforum")
    OTHER = "other", _("Anders")


class DigitalClassification(models.TextChoices):
    """001 §4: the classification of online aggression."""

    CRIMINAL = "a", _("a — Strafbaar feit")
    NOT_CRIMINAL = "b", _("b — Niet strafbaar, wel af te handelen")
    PRIVACY = "c", _("c — Privacyschending")
    COMBINATION = "d", _("d — Combinatie van a, b en c")


class ReporterRole(models.TextChoices):
    """How the reporter relates to the incident (000: the manager may report on behalf)."""

    VICTIM = "victim", _("Het overkwam mij")
    WITNESS = "witness", _("Ik was getuige, het overkwam een collega")
    ON_BEHALF = "on_behalf", _("Ik meld namens een medewerker van mijn team")


class VictimKind(models.TextChoices):
    EMPLOYEE = "employee", _("Medewerker")
    POLITICAL_OFFICE_HOLDER = "political", _("Politiek ambtsdrager")


class PerpetratorKnown(models.TextChoices):
    KNOWN = "known", _("Bekend")
    UNKNOWN = "unknown", _("Onbekend")


class Injury(models.TextChoices):
    NONE = "none", _("Geen letsel")
    FIRST_AID = "first_aid", _("Eerste hulp nodig")
    DOCTOR = "doctor", _("Huisarts of arts")
    HOSPITAL = "hospital", _("Ziekenhuis (opname)")
    # 001 §6.4: lasting harm or death must be reported to the labour inspectorate.
    LASTING = "lasting", _("Blijvende schade aan de gezondheid")
    FATAL = "fatal", _("Overleden")
