"""Forms of the improvement plans and the thematic team meeting. They parse input and
check the choices offered (team, owner); the rules and their messages live in services.py."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gir.accounts.constants import UnitKind
from gir.accounts.models import OrganisationUnit, User
from gir.core.forms import date_field, text_field, version_field

from .constants import OPEN_ACTION_STATUSES, ActionStatus, Phase
from .models import CatalogueAction

# The value of the organisation's own plan where a team is chosen (team None in the model).
ORGANISATION = "organisatie"
OPEN = "open"
ALL = "alle"


def kept_teams(kept_ids: frozenset[int] | None) -> QuerySet[OrganisationUnit]:
    """The teams whose plan the user keeps, from the policy's plan_team_ids (None: all)."""
    teams = OrganisationUnit.objects.filter(kind=UnitKind.TEAM, is_active=True)
    if kept_ids is not None:
        teams = teams.filter(pk__in=kept_ids)
    return teams.order_by("name", "pk")


def owner_candidates(user: Any, team_id: int | None, kept_ids: frozenset[int] | None) -> QuerySet[User]:
    """Who may own an action of this plan: for the coordinator (kept_ids None) any active
    user; for a team manager the active members of the team, and the manager."""
    users = User.objects.filter(is_active=True)
    if kept_ids is None:
        return users.order_by("last_name", "first_name", "username")
    teams = [team_id] if team_id is not None else list(kept_ids)
    return (
        users.filter(Q(memberships__team_id__in=teams) | Q(pk=user.pk))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def team_choices(teams: QuerySet[OrganisationUnit], *, organisation: bool) -> list[tuple[str, str]]:
    choices = [("", _("Kies een plan"))]
    if organisation:
        choices.append((ORGANISATION, _("Hele organisatie")))
    choices += [(str(team.pk), str(team)) for team in teams]
    return choices


def catalogue_choices(actions: list[CatalogueAction]) -> list[Any]:
    """The catalogue grouped by phase, as <optgroup>s in the order of the five phases."""
    groups: dict[str, list[tuple[str, str]]] = {phase: [] for phase in Phase.values}
    for action in actions:
        groups[action.phase].append((str(action.pk), str(action)))
    choices: list[Any] = [("", _("Geen: ik beschrijf een eigen actie"))]
    choices += [(Phase(phase).label, options) for phase, options in groups.items() if options]
    return choices


class ActionAddForm(forms.Form):
    catalogue_action = forms.ChoiceField(
        label=_("Actie uit de catalogus"),
        required=False,
        help_text=_("De acties van ‘Incident? Actie!’ en de eigen acties van de organisatie, per fase."),
        error_messages={"invalid_choice": _("Kies een actie uit de lijst.")},
    )
    title = forms.CharField(
        label=_("Of: eigen actie"),
        required=False,
        max_length=200,
        help_text=_(
            "Alleen als geen actie uit de catalogus past. Kiest u hierboven een actie, "
            "dan mag u die hier preciezer beschrijven."
        ),
    )
    team = forms.ChoiceField(
        label=_("Voor welk verbeterplan"),
        error_messages={
            "required": _("Kies voor welk plan de actie is."),
            "invalid_choice": _("Kies een plan dat u bijhoudt."),
        },
    )
    owner = forms.ModelChoiceField(
        label=_("Eigenaar"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Kies wie de actie uitvoert"),
        help_text=_("Wie de actie uitvoert en het resultaat meldt: iemand uit het team, of uzelf."),
        error_messages={
            "invalid_choice": _("Deze persoon kan geen eigenaar zijn. Kies iemand uit het team, of uzelf.")
        },
    )
    due_on = date_field(_("Klaar op"))
    expected_result = text_field(_("Verwacht resultaat"), help_text=_("Wat moet de actie opleveren?"))

    def __init__(
        self,
        *args: Any,
        user: Any,
        kept_ids: frozenset[int] | None,
        catalogue: list[CatalogueAction],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.user, self.kept_ids = user, kept_ids
        self.catalogue = {str(action.pk): action for action in catalogue}
        self.teams = {str(team.pk): team for team in kept_teams(kept_ids)}
        self.fields["catalogue_action"].choices = catalogue_choices(catalogue)
        self.fields["team"].choices = team_choices(list(self.teams.values()), organisation=kept_ids is None)
        self.fields["owner"].queryset = owner_candidates(user, None, kept_ids)

    def clean_catalogue_action(self) -> CatalogueAction | None:
        return self.catalogue.get(self.cleaned_data["catalogue_action"])

    def clean_team(self) -> OrganisationUnit | None:
        value = self.cleaned_data["team"]
        return None if value == ORGANISATION else self.teams[value]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        owner, team = data.get("owner"), data.get("team")
        # A team manager hands actions only to the team's members and to themselves.
        if (
            owner is not None
            and team is not None
            and self.kept_ids is not None
            and not owner_candidates(self.user, team.pk, self.kept_ids).filter(pk=owner.pk).exists()
        ):
            self.add_error(
                "owner",
                _("%(name)s hoort niet bij team %(team)s. Kies iemand uit dat team, of uzelf.")
                % {"name": owner, "team": team},
            )
        return data


class ActionUpdateForm(forms.Form):
    """The owner reports status and result; the plan's keeper also moves the due date and
    hands the action to someone else (those fields exist only for the keeper)."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een status."), "invalid_choice": _("Kies een status.")},
    )
    result = text_field(
        _("Bereikt resultaat"),
        rows=4,
        help_text=_("Verplicht bij ‘Klaar’: wat heeft de actie opgeleverd?"),
    )
    due_on = date_field(_("Klaar op"))
    owner = forms.ModelChoiceField(
        label=_("Eigenaar"),
        queryset=User.objects.none(),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("Kies een eigenaar uit de lijst.")},
    )
    version = version_field()

    def __init__(self, *args: Any, keeper: bool, owners: QuerySet[User] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if keeper and owners is not None:
            self.fields["owner"].queryset = owners
        else:
            del self.fields["due_on"], self.fields["owner"]


class PlanFilterForm(forms.Form):
    team = forms.ChoiceField(label=_("Plan"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(OPEN, _("Open (gepland of bezig)")), *ActionStatus.choices, (ALL, _("Alle"))],
    )

    def __init__(self, *args: Any, teams: list[tuple[int, str]], organisation: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", _("Alle plannen"))]
        if organisation:
            choices.append((ORGANISATION, _("Hele organisatie")))
        self.fields["team"].choices = choices + [(str(pk), name) for pk, name in teams]

    def filter(self, actions: QuerySet[Any]) -> QuerySet[Any]:
        data = self.cleaned_data if self.is_valid() else {}
        team = data.get("team")
        if team == ORGANISATION:
            actions = actions.filter(team=None)
        elif team:
            actions = actions.filter(team_id=int(team))
        status = data.get("status") or OPEN
        if status == OPEN:
            actions = actions.filter(status__in=OPEN_ACTION_STATUSES)
        elif status != ALL:
            actions = actions.filter(status=status)
        return actions


class MeetingPlanForm(forms.Form):
    team = forms.ChoiceField(
        label=_("Team"),
        error_messages={
            "required": _("Kies het team van het werkoverleg."),
            "invalid_choice": _("Kies een team waarvan u het plan bijhoudt."),
        },
    )
    planned_on = date_field(_("Datum"))

    def __init__(self, *args: Any, teams: QuerySet[OrganisationUnit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.teams = {str(team.pk): team for team in teams}
        self.fields["team"].choices = [("", _("Kies een team"))] + [
            (pk, str(team)) for pk, team in self.teams.items()
        ]

    def clean_team(self) -> OrganisationUnit:
        return self.teams[self.cleaned_data["team"]]


class MeetingRecordForm(forms.Form):
    held_on = date_field(_("Gehouden op"))
    agreements = text_field(
        _("Gemaakte afspraken"),
        rows=8,
        help_text=_("Concrete werkafspraken: wie doet wat, en met wie buiten het team wordt overlegd."),
    )
    version = version_field()
