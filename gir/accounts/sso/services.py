"""Writes on behalf of the identity provider: the account made at a first log-in, its
name and address kept current, its roles when they come from the provider."""

import logging
import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gir.audit.models import AuditAction
from gir.audit.services import log_event

from ..constants import MembershipRole, UnitKind
from ..models import OrganisationUnit, TeamMembership, User
from .claims import provider_managed_teams

logger = logging.getLogger(__name__)

# Claims of the OpenID Connect standard profile and what they fill in.
PROFILE_CLAIMS = {"email": "email", "given_name": "first_name", "family_name": "last_name"}
FIELD_LENGTHS = {"email": 254, "first_name": 150, "last_name": 150}  # AbstractUser's


def _profile(claims: Mapping[str, Any]) -> dict[str, str]:
    return {
        field: claims[claim].strip()[: FIELD_LENGTHS[field]]
        for claim, field in PROFILE_CLAIMS.items()
        if isinstance(claims.get(claim), str) and claims[claim].strip()
    }


def _free_username(wish: str) -> str:
    """The provider's user name as far as Django's user names allow, made unique."""
    base = re.sub(r"[^\w.@+-]", "", wish)[:140] or "sso"
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


@transaction.atomic
def account_create_from_provider(*, subject: str, claims: Mapping[str, Any]) -> User:
    """The account of someone the provider knows and GIR does not yet (GIR_OIDC_CREATE_USERS):
    found again by `subject`, no password of its own, no roles unless the provider gives them."""
    wish = claims.get("preferred_username")
    user = User(
        username=_free_username(wish if isinstance(wish, str) else subject),
        oidc_subject=subject,
        **_profile(claims),
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    log_event(
        actor=None,
        action=AuditAction.ACCOUNT_CREATED,
        target=user,
        changes={"username": [None, user.username], "oidc_subject": [None, subject]},
        detail=_("Aangemaakt bij de eerste inlog via de identiteitsprovider"),
    )
    return user


@transaction.atomic
def account_update_from_provider(*, user: User, claims: Mapping[str, Any]) -> User:
    """Name and e-mail address as the provider knows them; written only when they changed."""
    changes = {
        field: [getattr(user, field), value]
        for field, value in _profile(claims).items()
        if getattr(user, field) != value
    }
    if changes:
        for field, (_before, after) in changes.items():
            setattr(user, field, after)
        user.save(update_fields=list(changes))
        log_event(
            actor=None,
            action=AuditAction.ACCOUNT_CHANGED,
            target=user,
            changes=changes,
            detail=_("Bijgewerkt bij inlog via de identiteitsprovider"),
        )
    return user


@transaction.atomic
def memberships_set_from_identity_provider(
    *, user: User, memberships: frozenset[tuple[str, MembershipRole]]
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Give `user` exactly `memberships` (team name, member or manager) in the teams the
    provider decides on (those named in GIR_OIDC_TEAM_MAP); other teams stay as GIR has them.
    A name must be one active team; an unknown or ambiguous name is skipped and logged."""
    teams: dict[str, OrganisationUnit] = {}
    for name in provider_managed_teams():
        found = list(OrganisationUnit.objects.filter(kind=UnitKind.TEAM, is_active=True, name=name)[:2])
        if len(found) == 1:
            teams[name] = found[0]
        else:
            logger.warning(
                "GIR_OIDC_TEAM_MAP names team %r, which is %s", name, "ambiguous" if found else "unknown"
            )
    wanted = {(teams[name].pk, kind.value) for name, kind in memberships if name in teams}
    current = set(
        TeamMembership.objects.filter(user=user, team__in=teams.values()).values_list("team_id", "role")
    )
    names = {team.pk: team.name for team in teams.values()}
    added, removed = wanted - current, current - wanted
    for team_id, kind in sorted(added):
        TeamMembership.objects.create(user=user, team_id=team_id, role=kind)
    for team_id, kind in sorted(removed):
        TeamMembership.objects.filter(user=user, team_id=team_id, role=kind).delete()
    if added or removed:
        log_event(
            actor=None,
            action=AuditAction.MEMBERSHIP_CHANGED,
            target=user,
            changes={
                "memberships": [
                    sorted(f"{names[t]}:{k}" for t, k in current),
                    sorted(f"{names[t]}:{k}" for t, k in wanted),
                ]
            },
            detail=_("Teams van de identiteitsprovider"),
        )
    return {(names[t], k) for t, k in added}, {(names[t], k) for t, k in removed}
