"""pytest fixtures of the test identity provider, for gir/accounts' tests and e2e/ alike
(registered by the root conftest):

- `identity_provider` (session): the provider process on a free port of 127.0.0.1, started
  once, ready when its discovery document answers, stopped at the end;
- `sso_settings`: GIR's settings pointed at it, for one test.
"""

import datetime as dt
import os
import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from gir.core.tests.servers import free_port, server_process

ROOT = Path(__file__).resolve().parents[4]
CLIENT_ID = "gir-test"
CLIENT_SECRET = "gir-test-client-secret"
PROVIDER_NAME = "Testprovider"
PASSWORD = "provider-password-1"
START_SECONDS = 90


@dataclass
class IdentityProvider:
    url: str
    token: str

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def _post(self, path: str, data: dict[str, Any]) -> dict[str, Any]:
        response = requests.post(
            f"{self.url}{path}", json=data, headers={"X-Test-Token": self.token}, timeout=10
        )
        response.raise_for_status()
        return response.json()

    def person(
        self,
        username: str,
        *,
        password: str = PASSWORD,
        email: str = "",
        given_name: str = "",
        family_name: str = "",
        groups: list[str] | None = None,
        mfa: bool = False,
    ) -> str:
        """Create or update a person at the provider; returns their subject (`sub`)."""
        data = {
            "username": username,
            "password": password,
            "email": email or f"{username}@gemeente.example",
            "given_name": given_name,
            "family_name": family_name,
            "groups": groups or [],
            "mfa": mfa,
        }
        return str(self._post("/test/person/", data)["sub"])

    def register_gir(self, *base_urls: str) -> None:
        """GIR as the provider's client, coming back at these base URLs."""
        self._post(
            "/test/client/",
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{base}/inloggen/sso/terug/" for base in base_urls],
                "post_logout_redirect_uris": [f"{base}/inloggen/" for base in base_urls],
            },
        )


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IdentityProvider]:
    folder = tmp_path_factory.mktemp("identity-provider")
    port = free_port()
    token = secrets.token_urlsafe(24)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(
        {
            "IDP_PORT": str(port),
            "IDP_DATABASE": str(folder / "provider.sqlite3"),
            "IDP_TEST_TOKEN": token,
            # The tests' clock (time-machine in this process), so tokens are valid on it.
            "IDP_NOW": dt.datetime.now(dt.UTC).isoformat(),
        }
    )
    provider = IdentityProvider(url=f"http://127.0.0.1:{port}", token=token)
    with server_process(
        [sys.executable, "-m", "gir.accounts.tests.identity_provider.serve"],
        name="The test identity provider",
        ready_url=provider.discovery_url,
        log_path=folder / "provider.log",
        start_seconds=START_SECONDS,
        cwd=ROOT,
        env=env,
    ):
        yield provider


@pytest.fixture
def sso_settings(settings: Any, identity_provider: IdentityProvider) -> IdentityProvider:
    """GIR configured for the test provider, as README "Single sign-on" describes it, with
    the provider's discovery URL only; roles stay in GIR and no accounts are created
    unless a test says otherwise."""
    settings.GIR_OIDC_CLIENT_ID = settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.GIR_OIDC_DISCOVERY_URL = identity_provider.discovery_url
    settings.GIR_OIDC_ISSUER = ""
    settings.GIR_OIDC_ENDPOINTS = dict.fromkeys(settings.GIR_OIDC_ENDPOINTS, "")
    settings.GIR_OIDC_PROVIDER_NAME = PROVIDER_NAME
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.OIDC_CREATE_USER = False
    settings.GIR_OIDC_ROLES_CLAIM = ""
    settings.GIR_OIDC_ROLE_MAP = {}
    settings.GIR_OIDC_TEAMS_CLAIM = ""
    settings.GIR_OIDC_TEAM_MAP = {}
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], identity_provider.url],
    }
    identity_provider.register_gir("http://testserver")
    from django.core.cache import cache

    cache.delete(f"gir:oidc:discovery:{identity_provider.discovery_url}")
    return identity_provider
