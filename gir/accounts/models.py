from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.core.fields import ClockDateTimeField
from gir.core.models import TimestampedModel

from .constants import UNIT_KIND_DEPTH, GrantStatus, MembershipRole, Role, UnitKind


class OrganisationUnit(TimestampedModel):
    """A node of the organisation tree: organisation → directorate → department → team."""

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("valt onder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatieonderdeel")
        verbose_name_plural = _("organisatieonderdelen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unit_unique_name_per_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent is None:
            if self.kind != UnitKind.ORGANISATION:
                raise ValidationError({"parent": _("Alleen een organisatie staat bovenaan.")})
            return
        if UNIT_KIND_DEPTH[UnitKind(self.parent.kind)] >= UNIT_KIND_DEPTH[UnitKind(self.kind)]:
            raise ValidationError(
                {
                    "parent": _("Een %(kind)s kan niet onder een %(parent)s vallen.")
                    % {
                        "kind": self.get_kind_display().lower(),
                        "parent": self.parent.get_kind_display().lower(),
                    }
                }
            )
        ancestor: OrganisationUnit | None = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("Een onderdeel kan niet onder zichzelf vallen.")})
            ancestor = ancestor.parent


class Location(TimestampedModel):
    """A building of the organisation, with its address."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    street = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.street, f"{self.postal_code} {self.city}".strip()) if part)


class FunctionGroup(TimestampedModel):
    """A function group (functiegroep); the eight of 004 ship as defaults."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    contact_kind = models.CharField(_("soort contact"), max_length=300, blank=True)
    source = models.CharField(_("bron"), max_length=100, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("functiegroep")
        verbose_name_plural = _("functiegroepen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    # The identity provider's stable subject (the `sub` claim, or the claim set in
    # GIR_OIDC_USERNAME_CLAIM): how a single sign-on log-in finds its account.
    oidc_subject = models.CharField(
        _("kenmerk bij identiteitsprovider"), max_length=255, unique=True, null=True, blank=True
    )
    function_group = models.ForeignKey(
        FunctionGroup,
        verbose_name=_("functiegroep"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    is_political_office_holder = models.BooleanField(
        _("politiek ambtsdrager"),
        default=False,
        help_text=_("Incidenten tegen deze persoon volgen het afgeschermde spoor (001 §6.4)."),
    )
    has_measure_mandate = models.BooleanField(
        _("gemandateerd voor maatregelen"),
        default=False,
        help_text=_(
            "Mag namens de burgemeester waarschuwingen en toegangsverboden besluiten en tekenen (001 §7.3)."
        ),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_codes(self) -> frozenset[str]:
        """The user's roles, loaded once per request-bound user object."""
        cached = self.__dict__.get("_role_codes")
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True)) if self.pk else frozenset()
            self.__dict__["_role_codes"] = cached
        return cached


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_unique")]

    def __str__(self) -> str:
        return self.get_role_display()


class TeamMembership(models.Model):
    """A user's place in a team, as member or as one of its managers."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="memberships",
        limit_choices_to={"kind": UnitKind.TEAM},
    )
    role = models.CharField(
        _("functie in team"),
        max_length=20,
        choices=MembershipRole.choices,
        default=MembershipRole.MEMBER,
    )

    class Meta:
        verbose_name = _("teamlidmaatschap")
        verbose_name_plural = _("teamlidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "team", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.team} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.team_id and self.team.kind != UnitKind.TEAM:
            raise ValidationError({"team": _("Kies een team, geen ander organisatieonderdeel.")})


class RoleGrantRequest(models.Model):
    """A grant of a role that sees case content, or of managing a team, waiting for a
    second person (DESIGN §1; docs/adr/0014). Until it is confirmed, the user does not
    have the role. Confirmed and refused requests stay as the record of who decided."""

    user = models.ForeignKey(
        User, verbose_name=_("voor"), on_delete=models.CASCADE, related_name="grant_requests"
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices, blank=True)
    team = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("leidinggevende van team"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": UnitKind.TEAM},
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("aangevraagd door"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = ClockDateTimeField(_("aangevraagd op"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("beoordeeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reason = models.TextField(_("reden van afwijzing"), blank=True)

    class Meta:
        verbose_name = _("aanvraag voor een rol")
        verbose_name_plural = _("aanvragen voor een rol")
        ordering = ["requested_at", "pk"]
        constraints = [
            # Either a role or the management of a team, never both or neither.
            models.CheckConstraint(
                condition=(models.Q(role="") & models.Q(team__isnull=False))
                | (~models.Q(role="") & models.Q(team__isnull=True)),
                name="grant_request_role_or_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.what} — {self.user}"

    @property
    def what(self) -> str:
        """What is asked for, in words: the role, or managing the team."""
        if self.team_id:
            return str(_("Leidinggevende van team %(team)s") % {"team": self.team})
        return str(self.get_role_display())

    @property
    def is_pending(self) -> bool:
        return self.status == GrantStatus.PENDING
