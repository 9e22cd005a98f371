"""Forms of learning and development. They parse input and offer the choices (the matrix,
the statements of the leerdoelwijzer, teams and goals); the rules and their messages live
in services.py. Nothing is required here: a half-filled self-assessment is kept as a
draft and the service says what is still missing."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gir.accounts.constants import UnitKind
from gir.accounts.models import OrganisationUnit
from gir.core.forms import date_field, text_field, version_field

from .constants import Answer, Level, OfferKind
from .models import Aspect, Competency, LearningOffer, Questionnaire, Statement, TeamGoal
from .services import SessionInput

# The value of "the whole organisation" where an offer's team is chosen (team None).
ORGANISATION = "organisatie"
LEVEL_PREFIX = "niveau_"
ANSWER_PREFIX = "antwoord_"
CHOICE_ERRORS = {"invalid_choice": _("Kies een van de mogelijkheden. Laad de pagina opnieuw als dit blijft.")}


class QuestionnaireChoiceForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=_("Leerdoelwijzer"),
        queryset=Questionnaire.objects.none(),
        empty_label=None,
        help_text=_("De vragenlijst van je functiegroep staat al klaar. Past een andere beter, kies die."),
        error_messages={"invalid_choice": _("Kies een leerdoelwijzer uit de lijst.")},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        queryset = Questionnaire.objects.filter(is_active=True).select_related("function_group")
        self.fields["questionnaire"].queryset = queryset
        self.fields["questionnaire"].label_from_instance = lambda q: f"{q.function_group}: {q.title}"


def _radio(label: str, choices: list[tuple[int, str]], help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        error_messages=CHOICE_ERRORS,
    )


@dataclass
class AspectPart:
    """The statements of one competency aspect, shown together in part 2."""

    aspect: Aspect
    fields: list[forms.BoundField]


class AssessmentForm(forms.Form):
    """Part 1 the development matrix (one radio group per competency, six levels), part 2
    the leerdoelwijzer (one radio group per statement, altijd ... nooit), part 3 the
    learning goal. Every part may stay open in a draft."""

    learning_goal = text_field(_("Mijn persoonlijke leerdoel"), rows=5)
    version = version_field()

    def __init__(
        self,
        *args: Any,
        competencies: list[Competency],
        statements: list[Statement],
        goal_prompt: str = "",
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.competencies, self.statements = competencies, statements
        levels = list(Level.choices)
        answers = list(Answer.choices)
        for competency in competencies:
            self.fields[f"{LEVEL_PREFIX}{competency.pk}"] = _radio(competency.name, levels, competency.hint)
        for statement in statements:
            self.fields[f"{ANSWER_PREFIX}{statement.pk}"] = _radio(statement.text, answers)
        self.fields["learning_goal"].help_text = goal_prompt
        # Keep the goal last, after the generated fields, for the order of the error summary.
        self.fields["learning_goal"] = self.fields.pop("learning_goal")

    @property
    def level_fields(self) -> list[forms.BoundField]:
        return [self[f"{LEVEL_PREFIX}{c.pk}"] for c in self.competencies]

    @property
    def aspect_parts(self) -> list[AspectPart]:
        parts: list[AspectPart] = []
        for statement in self.statements:
            if not parts or parts[-1].aspect.pk != statement.aspect_id:
                parts.append(AspectPart(statement.aspect, []))
            parts[-1].fields.append(self[f"{ANSWER_PREFIX}{statement.pk}"])
        return parts

    def _chosen(self, prefix: str, pks: list[int]) -> dict[int, int]:
        return {
            pk: self.cleaned_data[f"{prefix}{pk}"]
            for pk in pks
            if self.cleaned_data.get(f"{prefix}{pk}") is not None
        }

    def answers(self) -> dict[int, int]:
        return self._chosen(ANSWER_PREFIX, [s.pk for s in self.statements])

    def levels(self) -> dict[int, int]:
        return self._chosen(LEVEL_PREFIX, [c.pk for c in self.competencies])

    def open_anchors(self) -> list[str]:
        """For each part still open, in the order the service names them (statements,
        competencies, goal): the id of its first open field, to link to from the summary."""
        anchors = []
        for prefix, pks in (
            (ANSWER_PREFIX, [s.pk for s in self.statements]),
            (LEVEL_PREFIX, [c.pk for c in self.competencies]),
        ):
            open_ = [pk for pk in pks if self.cleaned_data.get(f"{prefix}{pk}") is None]
            if open_:
                anchors.append(f"id_{prefix}{open_[0]}_0")
        if not self.cleaned_data.get("learning_goal", "").strip():
            anchors.append("id_learning_goal")
        return anchors

    def mark_open(self) -> None:
        """Mark every open radio group, so it stands out on a long page (bound fields are
        cached by the form, so the template sees `is_open`)."""
        for name in self.fields:
            if name.startswith((LEVEL_PREFIX, ANSWER_PREFIX)) and self.cleaned_data.get(name) is None:
                self[name].is_open = True  # type: ignore[attr-defined]


class GoalRewriteForm(forms.Form):
    learning_goal = text_field(_("Mijn persoonlijke leerdoel"), rows=5)
    version = version_field()


class GoalReviewForm(forms.Form):
    CONFIRM, RETURN = "bevestigen", "terug"

    decision = forms.ChoiceField(
        label=_("Je reactie"),
        choices=[
            (CONFIRM, _("Bevestigen: we zijn het eens over dit leerdoel")),
            (RETURN, _("Terug voor overleg: ik wil het eerst met de medewerker bespreken")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of je het leerdoel bevestigt of terugstuurt voor overleg."),
            "invalid_choice": _("Kies bevestigen of terug voor overleg."),
        },
    )
    comment = text_field(
        _("Toelichting voor de medewerker"),
        help_text=_("Nodig als je het leerdoel terugstuurt: wat wil je bespreken?"),
    )
    version = version_field()

    @property
    def confirm(self) -> bool:
        return self.cleaned_data["decision"] == self.CONFIRM


class TeamGoalForm(forms.Form):
    text = text_field(
        _("Wat wil het team leren?"),
        help_text=_("Bijvoorbeeld: ‘We herkennen spanning bij de burger eerder en buigen die om.’"),
    )
    aspect = forms.ModelChoiceField(
        label=_("Competentie-aspect (niet verplicht)"),
        queryset=Aspect.objects.all(),
        required=False,
        empty_label=_("Geen"),
        error_messages={"invalid_choice": _("Kies een aspect uit de lijst.")},
    )
    competency = forms.ModelChoiceField(
        label=_("Competentie uit de matrix (niet verplicht)"),
        queryset=Competency.objects.filter(is_active=True),
        required=False,
        empty_label=_("Geen"),
        error_messages={"invalid_choice": _("Kies een competentie uit de lijst.")},
    )


def team_choices(teams: QuerySet[OrganisationUnit]) -> list[tuple[str, str]]:
    return [(ORGANISATION, _("Hele organisatie")), *((str(t.pk), str(t)) for t in teams)]


class OfferForm(forms.Form):
    """A learning offer with a fixed number of date rows (one more than it has, at least
    three); empty rows are ignored."""

    team = forms.ChoiceField(
        label=_("Voor"),
        error_messages={"invalid_choice": _("Kies een team uit de lijst, of de hele organisatie.")},
    )
    goal = forms.ModelChoiceField(
        label=_("Voor het leerdoel van het team (niet verplicht)"),
        queryset=TeamGoal.objects.none(),
        required=False,
        empty_label=_("Geen"),
        error_messages={"invalid_choice": _("Kies een leerdoel uit de lijst.")},
    )
    kind = forms.ChoiceField(
        label=_("Soort aanbod"),
        choices=[("", _("Kies de soort")), *OfferKind.choices],
        required=False,
        error_messages={"invalid_choice": _("Kies de soort aanbod uit de lijst.")},
    )
    title = forms.CharField(label=_("Titel"), required=False, max_length=200)
    description = text_field(
        _("Beschrijving"), rows=4, help_text=_("Wat leren de deelnemers, en voor wie is het?")
    )
    version = version_field(required=False)

    def __init__(self, *args: Any, rows: int = 3, **kwargs: Any):
        super().__init__(*args, **kwargs)
        teams = OrganisationUnit.objects.filter(kind=UnitKind.TEAM, is_active=True).order_by("name", "pk")
        self.teams = {str(team.pk): team for team in teams}
        self.fields["team"].choices = team_choices(teams)
        goals = TeamGoal.objects.select_related("team").order_by("team__name", "-created_at")
        self.fields["goal"].queryset = goals
        self.fields["goal"].label_from_instance = lambda g: f"{g.team}: {g.text[:80]}"
        self.rows = rows
        for n in range(1, rows + 1):
            self.fields[f"datum_{n}"] = date_field(
                _("Datum %(n)s") % {"n": n}, help_text=_("Dag-maand-jaar.") if n > 1 else ""
            )
            self.fields[f"plaats_{n}"] = forms.CharField(
                label=_("Plaats %(n)s") % {"n": n}, required=False, max_length=200
            )

    @property
    def session_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"datum_{n}"], self[f"plaats_{n}"]) for n in range(1, self.rows + 1)]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("team", "goal", "kind", "title", "description")]

    def clean_team(self) -> OrganisationUnit | None:
        value = self.cleaned_data["team"]
        return None if value == ORGANISATION else self.teams[value]

    def sessions(self) -> list[SessionInput]:
        data = self.cleaned_data
        return [
            SessionInput(data.get(f"datum_{n}"), data.get(f"plaats_{n}", ""))
            for n in range(1, self.rows + 1)
            if data.get(f"datum_{n}") is not None
        ]


def offer_initial(offer: LearningOffer, sessions: list[Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "team": str(offer.team_id) if offer.team_id else ORGANISATION,
        "goal": offer.goal_id,
        "kind": offer.kind,
        "title": offer.title,
        "description": offer.description,
        "version": offer.version,
    }
    for n, session in enumerate(sessions, start=1):
        initial[f"datum_{n}"], initial[f"plaats_{n}"] = session.date, session.place
    return initial


def offer_rows(existing: int) -> int:
    return max(3, existing + 1)
