"""The authentication backend of single sign-on: mozilla-django-oidc's code flow, with
endpoints from discovery, the ID token's issuer and audience checked, accounts found by a
stable claim and roles from a claim."""

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import HttpRequest

import requests
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .. import services as account_services
from ..models import User
from . import claims as claim_rules
from . import provider, services

logger = logging.getLogger(__name__)

# Why a log-in through the provider did not succeed, for the message on the log-in page.
NO_ACCOUNT = "no_account"
UNAVAILABLE = "unavailable"
REFUSED = "refused"


@dataclass
class ProviderLogin:
    """What the callback needs after the backend found the user: kept on the request."""

    id_token: str
    mfa: bool


def _note(request: HttpRequest, **values: Any) -> None:
    request.gir_sso = {**getattr(request, "gir_sso", {}), **values}  # type: ignore[attr-defined]


class ProviderBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Authenticates the callback of the code flow; answers nothing else (a password
    log-in passes it by: only the callback hands it a PKCE code verifier)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # mozilla-django-oidc reads every endpoint from settings here; GIR reads them from
        # the provider's discovery document, only when a log-in needs them (properties below).
        self.UserModel = User

    OIDC_RP_IDP_SIGN_KEY = None

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:  # noqa: N802 - the parent's attribute names
        return str(settings.OIDC_RP_CLIENT_ID)

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:  # noqa: N802
        return str(settings.OIDC_RP_CLIENT_SECRET)

    @property
    def OIDC_RP_SIGN_ALGO(self) -> str:  # noqa: N802
        return str(settings.OIDC_RP_SIGN_ALGO)

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # noqa: N802
        return provider.endpoint("token_endpoint")

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:  # noqa: N802
        return provider.endpoint("userinfo_endpoint")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:  # noqa: N802
        return provider.endpoint("jwks_uri")

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or kwargs.get("code_verifier") is None or not provider.is_configured():
            return None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except requests.HTTPError as error:
            # The provider answered, and said no (a code already used, a PKCE verifier that
            # does not fit); a 5xx means it is in trouble.
            status = error.response.status_code if error.response is not None else 500
            logger.warning("Single sign-on: the identity provider refused: %s", error)
            _note(request, reason=REFUSED if status < 500 else UNAVAILABLE)
            return None
        except (provider.ProviderUnavailable, requests.RequestException) as error:
            logger.warning("Single sign-on: the identity provider did not answer: %s", error)
            _note(request, reason=UNAVAILABLE)
            return None
        except SuspiciousOperation as error:
            logger.warning("Single sign-on refused: %s", error)
            _note(request, reason=REFUSED)
            return None
        if user is None and "reason" not in getattr(request, "gir_sso", {}):
            _note(request, reason=REFUSED)
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The signature and nonce (mozilla-django-oidc), then what it leaves out: the token
        was issued by our provider, for GIR."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        issuer = provider.configuration()["issuer"]
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation(f"ID token issuer {payload.get('iss')!r} is not {issuer!r}")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token is not meant for this client")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The userinfo endpoint's claims under the ID token's own (sub, acr, amr)."""
        userinfo: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") not in (None, payload.get("sub")):
            raise SuspiciousOperation("userinfo is about another subject than the ID token")
        _note(self.request, login=ProviderLogin(id_token=id_token, mfa=claim_rules.mfa_by_provider(payload)))
        return {**userinfo, **payload}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claim_rules.subject_of(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        return User.objects.filter(oidc_subject=claim_rules.subject_of(claims))

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return f"subject {claim_rules.subject_of(claims)!r}"

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        user: User | None = super().get_or_create_user(access_token, id_token, payload)
        if user is None:
            _note(self.request, reason=NO_ACCOUNT)
        return user

    def create_user(self, claims: dict[str, Any]) -> User:
        user = services.account_create_from_provider(subject=claim_rules.subject_of(claims), claims=claims)
        return self._roles_and_teams_apply(user, claims)

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        user = services.account_update_from_provider(user=user, claims=claims)
        return self._roles_and_teams_apply(user, claims)

    def _roles_and_teams_apply(self, user: User, claims: dict[str, Any]) -> User:
        if claim_rules.roles_from_provider():
            account_services.roles_set_from_identity_provider(
                user,
                claim_rules.roles_from_claims(claims),
                managed_roles=claim_rules.provider_managed_roles(),
                provider=settings.GIR_OIDC_PROVIDER_NAME,
            )
        if claim_rules.teams_from_provider():
            services.memberships_set_from_identity_provider(
                user=user, memberships=claim_rules.teams_from_claims(claims)
            )
        return user

    def get_user(self, user_id: int) -> User | None:
        # Django's check (an account switched off is logged out), not mozilla-django-oidc's.
        return ModelBackend.get_user(self, user_id)
