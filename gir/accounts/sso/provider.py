"""The identity provider's configuration: settings first, then its discovery document.

mozilla-django-oidc takes every endpoint from a setting. GIR reads them from the
provider's `.well-known/openid-configuration` instead (one URL to configure, and keys or
endpoints that move are picked up), kept in the cache for GIR_OIDC_DISCOVERY_CACHE_SECONDS.
An endpoint set in the environment wins over the document.
"""

from typing import Any

from django.conf import settings
from django.core.cache import cache

import requests

ENDPOINTS = (
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_uri",
    "end_session_endpoint",
)
REQUIRED = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")


class ProviderUnavailable(Exception):
    """The provider's configuration could not be read or is incomplete."""


def is_configured() -> bool:
    """Is single sign-on switched on? A client id and a way to find the endpoints."""
    endpoints = settings.GIR_OIDC_ENDPOINTS
    return bool(
        settings.GIR_OIDC_CLIENT_ID
        and (settings.GIR_OIDC_DISCOVERY_URL or all(endpoints.get(name) for name in REQUIRED))
    )


def _cache_key(url: str) -> str:
    return f"gir:oidc:discovery:{url}"


def discovery_document(url: str) -> dict[str, Any]:
    """The provider's discovery document, from the cache or read once."""
    key = _cache_key(url)
    document: dict[str, Any] | None = cache.get(key)
    if document is not None:
        return document
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"Discovery document {url} unreadable: {error}") from error
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"Discovery document {url} is not a JSON object")
    cache.set(key, document, settings.GIR_OIDC_DISCOVERY_CACHE_SECONDS)
    return document


def forget_discovery() -> None:
    """Drop the cached document (tests; a provider that changed its keys at once)."""
    if settings.GIR_OIDC_DISCOVERY_URL:
        cache.delete(_cache_key(settings.GIR_OIDC_DISCOVERY_URL))


def configuration() -> dict[str, str]:
    """The issuer and the endpoints: the environment's, completed from discovery."""
    configured = {name: value for name, value in settings.GIR_OIDC_ENDPOINTS.items() if value}
    issuer = settings.GIR_OIDC_ISSUER
    missing = [name for name in ENDPOINTS if name not in configured]
    if settings.GIR_OIDC_DISCOVERY_URL and (missing or not issuer):
        document = discovery_document(settings.GIR_OIDC_DISCOVERY_URL)
        for name in missing:
            if isinstance(document.get(name), str):
                configured[name] = document[name]
        issuer = issuer or str(document.get("issuer", ""))
    absent = [name for name in REQUIRED if not configured.get(name)]
    if absent:
        raise ProviderUnavailable(f"Identity provider has no {', '.join(absent)}")
    return {"issuer": issuer, **configured}


def endpoint(name: str) -> str:
    """One endpoint, or "" when the provider has none (end_session_endpoint is optional)."""
    return configuration().get(name, "")
