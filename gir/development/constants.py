from django.db import models
from django.utils.translation import gettext_lazy as _

# 004: results of a team are shown only for a group of at least this many people, so that
# nobody's answers can be read from them (DESIGN §1: team learning results aggregated).
MIN_GROUP_SIZE = 5


class Level(models.IntegerChoices):
    """The six levels of the development matrix (004 "Matrix ontwikkeling")."""

    AWARE = 1, _("Bewust van")
    KNOWS_WHAT = 2, _("Ik weet hoe het zit")
    KNOWS_HOW = 3, _("Ik weet hoe het moet")
    EXPERIENCED = 4, _("Ik ben ervaren in het doen")
    MASTERY = 5, _("Ik heb meesterschap")
    TEACHES = 6, _("Ik kan het anderen leren")


class Answer(models.IntegerChoices):
    """The answers of a leerdoelwijzer (004: "Altijd Vaak Soms Nooit")."""

    ALWAYS = 4, _("Altijd")
    OFTEN = 3, _("Vaak")
    SOMETIMES = 2, _("Soms")
    NEVER = 1, _("Nooit")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingeleverd")


class GoalStatus(models.TextChoices):
    """The personal learning goal, agreed with the manager (004: "overleg hierover met je
    leidinggevende")."""

    PROPOSED = "proposed", _("Wacht op je leidinggevende")
    CONFIRMED = "confirmed", _("Bevestigd")
    RETURNED = "returned", _("Terug voor overleg")


class OfferKind(models.TextChoices):
    """The forms of a learning offer (004 "Leren als individu", "Leren als team")."""

    KNOWLEDGE = "knowledge", _("Leeraanbod voor kennis")
    TRAINING = "training", _("Training van vaardigheden")
    COACHING = "coaching", _("Coaching on the job")
    TEAM_FORM = "team_form", _("Werkvorm in het team (zoals intervisie)")
