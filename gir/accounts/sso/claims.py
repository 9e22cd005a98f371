"""What GIR reads from the identity provider's claims: pure functions, one per question."""

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings

from ..constants import MembershipRole, Role

logger = logging.getLogger(__name__)


def subject_of(claims: Mapping[str, Any]) -> str:
    """The stable identity (GIR_OIDC_USERNAME_CLAIM, `sub` by default), or "" when absent."""
    value = claims.get(settings.GIR_OIDC_USERNAME_CLAIM)
    return value.strip() if isinstance(value, str) else ""


def _values(claim: Any) -> list[str]:
    """A claim's values: a JSON list, or one string with values separated by spaces or commas."""
    if isinstance(claim, str):
        return claim.replace(",", " ").split()
    if isinstance(claim, Iterable) and not isinstance(claim, Mapping):
        return [str(item) for item in claim if isinstance(item, (str, int))]
    return []


def roles_from_provider() -> bool:
    """Do roles come from the provider (a roles claim is configured)?"""
    return bool(settings.GIR_OIDC_ROLES_CLAIM)


def provider_managed_roles() -> frozenset[Role]:
    """The GIR roles the provider decides on: those named in GIR_OIDC_ROLE_MAP. Other roles
    stay managed in GIR (a break-glass administrator, say)."""
    managed = set()
    for value, code in settings.GIR_OIDC_ROLE_MAP.items():
        if code in Role.values:
            managed.add(Role(code))
        else:
            logger.warning("GIR_OIDC_ROLE_MAP maps %r to %r, which is not a GIR role", value, code)
    return frozenset(managed)


def roles_from_claims(claims: Mapping[str, Any]) -> frozenset[Role]:
    """THE role mapping: the GIR roles that the roles claim's values map to through
    GIR_OIDC_ROLE_MAP ("provider value=GIR role"). Values the map does not name give no role."""
    mapping = settings.GIR_OIDC_ROLE_MAP
    managed = provider_managed_roles()
    roles = set()
    for value in _values(claims.get(settings.GIR_OIDC_ROLES_CLAIM)):
        code = mapping.get(value)
        if code is not None and code in managed:
            roles.add(Role(code))
    return frozenset(roles)


def teams_from_provider() -> bool:
    """Do team memberships come from the provider (a teams claim is configured)?"""
    return bool(settings.GIR_OIDC_TEAMS_CLAIM)


def _team_target(target: str) -> tuple[str, MembershipRole]:
    """ "Publiekszaken:manager" -> ("Publiekszaken", manager); "Publiekszaken" -> member."""
    name, _colon, kind = target.rpartition(":")
    if name and kind in MembershipRole.values:
        return name.strip(), MembershipRole(kind)
    return target.strip(), MembershipRole.MEMBER


def provider_managed_teams() -> frozenset[str]:
    """The names of the teams whose memberships the provider decides on (GIR_OIDC_TEAM_MAP)."""
    return frozenset(_team_target(target)[0] for target in settings.GIR_OIDC_TEAM_MAP.values())


def teams_from_claims(claims: Mapping[str, Any]) -> frozenset[tuple[str, MembershipRole]]:
    """THE team mapping: (team name, member or manager) for each value of the teams claim
    that GIR_OIDC_TEAM_MAP names."""
    mapping = settings.GIR_OIDC_TEAM_MAP
    return frozenset(
        _team_target(mapping[value])
        for value in _values(claims.get(settings.GIR_OIDC_TEAMS_CLAIM))
        if value in mapping
    )


def mfa_by_provider(id_token_claims: Mapping[str, Any]) -> bool:
    """Did the provider log the person in with more than one factor? Its ID token says so in
    `acr` (one of GIR_OIDC_MFA_ACR_VALUES) or `amr` (holding one of GIR_OIDC_MFA_AMR_VALUES)."""
    acr = id_token_claims.get("acr")
    if isinstance(acr, str) and acr in settings.GIR_OIDC_MFA_ACR_VALUES:
        return True
    amr = set(_values(id_token_claims.get("amr")))
    return bool(amr & set(settings.GIR_OIDC_MFA_AMR_VALUES))
