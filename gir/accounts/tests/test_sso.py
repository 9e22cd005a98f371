"""Single sign-on against a real OpenID Connect provider (identity_provider/, started by
the suite on 127.0.0.1): the code flow with PKCE through GIR's test client, with the
person's browser at the provider played by `requests`."""

import html
import json
import os
import re
import subprocess
import sys
from urllib.parse import parse_qs, urljoin, urlsplit

from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.urls import reverse

import pytest
import requests

from gir.accounts.checks import login_settings_check
from gir.accounts.constants import MembershipRole, Role
from gir.accounts.models import TeamMembership, User
from gir.accounts.sso import claims, provider
from gir.accounts.sso.views import ID_TOKEN, MFA_BY_PROVIDER
from gir.accounts.tests.factories import TeamFactory, TeamMembershipFactory, UserFactory
from gir.accounts.tests.identity_provider.fixture import PASSWORD, PROVIDER_NAME, ROOT
from gir.audit.models import AuditAction, AuditEvent

GIR = "http://testserver"


def sign_in_at_provider(client, username, password=PASSWORD, *, browser=None, start="/inloggen/sso/"):
    """Click "Inloggen via …" in GIR, log in at the provider, follow it back to GIR's
    callback. Returns GIR's answer to the callback, the provider's authorisation request
    and the browser (its session at the provider)."""
    callback, authorisation, browser = to_the_callback(
        client, username, password, browser=browser, start=start
    )
    return client.get(callback), authorisation, browser


def to_the_callback(client, username, password=PASSWORD, *, browser=None, start="/inloggen/sso/"):
    """As sign_in_at_provider, up to the moment the browser would open GIR's callback:
    returns its path (with the code and state)."""
    browser = browser or requests.Session()
    response = client.get(start)
    assert response.status_code == 302, response
    authorisation = location = response["Location"]
    for _hop in range(10):
        if location.startswith(GIR):
            break
        answer = browser.get(location, allow_redirects=False, timeout=10)
        if answer.status_code == 200 and 'name="password"' in answer.text:
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.text).group(1)
            next_url = html.unescape(re.search(r'name="next" value="([^"]*)"', answer.text).group(1))
            answer = browser.post(
                answer.url,
                data={
                    "csrfmiddlewaretoken": csrf,
                    "username": username,
                    "password": password,
                    "next": next_url,
                },
                headers={"Referer": answer.url},
                allow_redirects=False,
                timeout=10,
            )
        assert answer.status_code == 302, answer.text[:500]
        location = urljoin(answer.url, answer.headers["Location"])
    else:
        pytest.fail("the provider never sent the browser back to GIR")
    return location.removeprefix(GIR), authorisation, browser


def page_text(client, url="/inloggen/"):
    return client.get(url).content.decode()


# The log-in page -------------------------------------------------------------------------


def test_login_page_offers_the_provider_when_configured(client, db, sso_settings):
    body = page_text(client)
    assert f"Inloggen via {PROVIDER_NAME}" in body
    assert 'name="password"' in body  # local accounts stay possible


def test_login_page_without_provider_has_only_the_password_form(client, db):
    body = page_text(client)
    assert "Inloggen via" not in body
    assert 'name="password"' in body


# The code flow ---------------------------------------------------------------------------


def test_log_in_through_the_provider_matches_the_account_on_its_subject(client, db, sso_settings):
    subject = sso_settings.person("anna")
    anna = UserFactory(username="a.jansen", oidc_subject=subject, roles=[Role.EMPLOYEE])
    UserFactory(username="anna")  # same user name as at the provider, but another person

    response, authorisation, _browser = sign_in_at_provider(client, "anna")

    assert response.status_code == 302
    assert response["Location"] == reverse("home:home")
    assert int(client.session["_auth_user_id"]) == anna.pk
    assert client.get(reverse("home:home")).status_code == 200
    # Code flow with PKCE (S256) and a nonce, for GIR's client id.
    query = parse_qs(urlsplit(authorisation).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"] and query["nonce"] and query["state"]
    assert query["client_id"] == ["gir-test"]
    # The signed ID token is kept for the log-out; one factor at the provider is not two.
    assert client.session[ID_TOKEN].count(".") == 2
    assert MFA_BY_PROVIDER not in client.session


def test_log_in_keeps_where_the_user_was_going(client, db, sso_settings):
    subject = sso_settings.person("bram")
    UserFactory(oidc_subject=subject)
    response, _authorisation, _browser = sign_in_at_provider(
        client, "bram", start="/inloggen/sso/?next=/meldingen/"
    )
    assert response["Location"] == "/meldingen/"


def test_multi_factor_at_the_provider_is_trusted(client, db, sso_settings):
    subject = sso_settings.person("carla", mfa=True)
    UserFactory(oidc_subject=subject)
    response, _authorisation, _browser = sign_in_at_provider(client, "carla")
    assert response.status_code == 302
    assert client.session[MFA_BY_PROVIDER] is True


def test_multi_factor_values_are_a_setting(client, db, sso_settings, settings):
    settings.GIR_OIDC_MFA_AMR_VALUES = ["hwk"]  # this provider's "mfa" does not count here
    subject = sso_settings.person("carla", mfa=True)
    UserFactory(oidc_subject=subject)
    sign_in_at_provider(client, "carla")
    assert MFA_BY_PROVIDER not in client.session


def test_unknown_person_is_refused_when_accounts_are_not_created(client, db, sso_settings):
    sso_settings.person("dirk")
    UserFactory(username="dirk")  # a local account of that name is not taken over
    users = User.objects.count()

    response, _authorisation, _browser = sign_in_at_provider(client, "dirk")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users
    assert f"{PROVIDER_NAME} kent u, maar u heeft nog geen account in GIR" in page_text(client)


def test_unknown_person_gets_an_account_when_allowed(client, db, sso_settings, settings):
    settings.OIDC_CREATE_USER = True
    subject = sso_settings.person(
        "eva", given_name="Eva", family_name="de Boer", email="eva@gemeente.example"
    )
    UserFactory(username="eva")  # the provider's user name is taken: the new account gets another

    response, _authorisation, _browser = sign_in_at_provider(client, "eva")

    assert response.status_code == 302
    eva = User.objects.get(oidc_subject=subject)
    assert int(client.session["_auth_user_id"]) == eva.pk
    assert (eva.username, eva.first_name, eva.last_name, eva.email) == (
        "eva-2",
        "Eva",
        "de Boer",
        "eva@gemeente.example",
    )
    assert not eva.has_usable_password()
    assert eva.role_codes == frozenset()  # roles stay managed in GIR
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_CREATED, target_id=str(eva.pk)).exists()


def test_roles_come_from_the_claim_when_mapped(client, db, sso_settings, settings):
    settings.GIR_OIDC_ROLES_CLAIM = "groups"
    settings.GIR_OIDC_ROLE_MAP = {"gir-cag": Role.COORDINATOR.value, "gir-medewerkers": Role.EMPLOYEE.value}
    subject = sso_settings.person("femke", groups=["gir-cag", "fietsclub"])
    femke = UserFactory(oidc_subject=subject, roles=[Role.EMPLOYEE, Role.ADMINISTRATOR])

    sign_in_at_provider(client, "femke")
    assert set(User.objects.get(pk=femke.pk).role_codes) == {Role.COORDINATOR, Role.ADMINISTRATOR}

    # The provider changes her groups; the next log-in follows. The administrator role is
    # not in the map, so GIR keeps managing it.
    sso_settings.person("femke", groups=["gir-medewerkers"])
    client.logout()
    sign_in_at_provider(client, "femke")
    assert set(User.objects.get(pk=femke.pk).role_codes) == {Role.EMPLOYEE, Role.ADMINISTRATOR}
    logged = list(
        AuditEvent.objects.filter(
            target_id=str(femke.pk), action__in=[AuditAction.ROLE_GRANTED, AuditAction.ROLE_REVOKED]
        )
        .order_by("pk")
        .values_list("action", "changes", "detail")
    )
    # Through accounts.services, like every grant: before and after, and where it came from.
    assert [(action, changes) for action, changes, _detail in logged] == [
        (AuditAction.ROLE_REVOKED, {"rollen": [["Beheerder", "Medewerker"], ["Beheerder"]]}),
        (
            AuditAction.ROLE_GRANTED,
            {"rollen": [["Beheerder"], ["Beheerder", "Coördinator agressie en geweld"]]},
        ),
        (
            AuditAction.ROLE_REVOKED,
            {"rollen": [["Beheerder", "Coördinator agressie en geweld"], ["Beheerder"]]},
        ),
        (AuditAction.ROLE_GRANTED, {"rollen": [["Beheerder"], ["Beheerder", "Medewerker"]]}),
    ]
    assert all(detail == f"van de identiteitsprovider ({PROVIDER_NAME})" for *_rest, detail in logged)


def test_teams_come_from_the_claim_when_mapped(client, db, sso_settings, settings):
    settings.GIR_OIDC_TEAMS_CLAIM = "groups"
    settings.GIR_OIDC_TEAM_MAP = {
        "afd-publiekszaken": "Publiekszaken",
        "lg-publiekszaken": "Publiekszaken:manager",
        "afd-handhaving": "Handhaving",
    }
    publiekszaken, handhaving = TeamFactory(name="Publiekszaken"), TeamFactory(name="Handhaving")
    own_team = TeamFactory(name="Ondersteuning")  # not in the map: GIR manages it
    subject = sso_settings.person("gijs", groups=["afd-publiekszaken", "lg-publiekszaken"])
    gijs = UserFactory(oidc_subject=subject)
    TeamMembershipFactory(user=gijs, team=handhaving)
    TeamMembershipFactory(user=gijs, team=own_team)

    sign_in_at_provider(client, "gijs")

    assert set(TeamMembership.objects.filter(user=gijs).values_list("team__name", "role")) == {
        ("Publiekszaken", MembershipRole.MEMBER),
        ("Publiekszaken", MembershipRole.MANAGER),
        ("Ondersteuning", MembershipRole.MEMBER),
    }
    event = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_CHANGED, target_id=str(gijs.pk))
    assert event.changes == {
        "memberships": [["Handhaving:member"], ["Publiekszaken:manager", "Publiekszaken:member"]]
    }
    assert publiekszaken.memberships.count() == 2


def test_id_token_of_another_issuer_is_refused(client, db, sso_settings, settings):
    settings.GIR_OIDC_ISSUER = "https://login.andere-gemeente.example"
    subject = sso_settings.person("gert")
    UserFactory(oidc_subject=subject)
    response, _authorisation, _browser = sign_in_at_provider(client, "gert")
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert f"Inloggen via {PROVIDER_NAME} is niet gelukt" in page_text(client)


def test_the_code_is_bound_to_the_browser_by_pkce(client, db, sso_settings):
    subject = sso_settings.person("ilona")
    UserFactory(oidc_subject=subject)
    callback, _authorisation, _browser = to_the_callback(client, "ilona")
    # Someone who got hold of the code but not the verifier in the session that asked for it:
    session = client.session
    state = parse_qs(urlsplit(callback).query)["state"][0]
    session["oidc_states"][state]["code_verifier"] = "x" * 64
    session.save()

    response = client.get(callback)

    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert f"Inloggen via {PROVIDER_NAME} is niet gelukt" in page_text(client)


def test_a_callback_used_twice_is_refused(client, db, sso_settings):
    subject = sso_settings.person("jip")
    UserFactory(oidc_subject=subject)
    callback, _authorisation, _browser = to_the_callback(client, "jip")
    assert client.get(callback).status_code == 302
    assert "_auth_user_id" in client.session
    # Another browser with the same code and state (from a log, a shoulder, a proxy):
    other = Client()
    response = other.get(callback)
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in other.session
    # And the same browser again: the state was used up.
    assert client.get(callback).status_code == 400


def test_the_provider_saying_no_gives_a_message(client, db, sso_settings):
    response = client.get(reverse("accounts:oidc_callback") + "?error=access_denied&state=x", follow=True)
    assert response.status_code == 200
    assert f"Inloggen via {PROVIDER_NAME} is niet gelukt" in response.content.decode()


def test_inactive_account_is_refused(client, db, sso_settings):
    subject = sso_settings.person("hans")
    UserFactory(oidc_subject=subject, is_active=False)
    sign_in_at_provider(client, "hans")
    assert "_auth_user_id" not in client.session


# Log-out ---------------------------------------------------------------------------------


def test_log_out_ends_the_session_at_the_provider_too(client, db, sso_settings):
    subject = sso_settings.person("ilse")
    UserFactory(oidc_subject=subject)
    _response, _authorisation, browser = sign_in_at_provider(client, "ilse")
    id_token = client.session[ID_TOKEN]

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    end_session = response["Location"]
    assert end_session.startswith(f"{sso_settings.url}/end-session")
    query = parse_qs(urlsplit(end_session).query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [f"{GIR}/inloggen/"]
    assert "_auth_user_id" not in client.session
    # The provider ends its session and sends the browser back to GIR's log-in page.
    back = browser.get(end_session, allow_redirects=False, timeout=10)
    assert back.status_code == 302
    assert back.headers["Location"] == f"{GIR}/inloggen/"
    # Logging in again asks for the password at the provider: its session ended.
    authorisation = client.get(reverse("accounts:oidc_login"))["Location"]
    again = browser.get(authorisation, allow_redirects=False, timeout=10)
    assert again.status_code == 302
    assert urlsplit(again.headers["Location"]).path == "/login/"


def test_log_out_of_a_local_account_stays_in_gir(client, db, sso_settings):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")


# Local accounts switched off -------------------------------------------------------------


def test_local_login_can_be_switched_off(client, db, sso_settings, settings):
    settings.GIR_LOCAL_LOGIN = False
    user = UserFactory(username="jan")

    body = page_text(client)
    assert f"Inloggen via {PROVIDER_NAME}" in body
    assert 'name="password"' not in body

    response = client.post(
        reverse("accounts:login"), {"username": "jan", "password": "correct-horse-battery"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Inloggen met gebruikersnaam en wachtwoord staat uit" in response.content.decode()
    # django-axes, first among the backends, needs the request of the attempt.
    attempt = RequestFactory().post(reverse("accounts:login"))
    assert authenticate(attempt, username="jan", password="correct-horse-battery") is None
    settings.GIR_LOCAL_LOGIN = True
    assert authenticate(attempt, username="jan", password="correct-horse-battery") == user


# The provider's configuration --------------------------------------------------------------


def test_discovery_is_read_once_and_kept(db, sso_settings, settings, monkeypatch):
    first = provider.configuration()
    assert first["issuer"] == sso_settings.url
    assert first["end_session_endpoint"] == f"{sso_settings.url}/end-session"

    def no_network(*args, **kwargs):
        raise AssertionError("the discovery document was read again")

    monkeypatch.setattr(provider.requests, "get", no_network)
    assert provider.configuration() == first
    # An endpoint from the environment wins over the document.
    settings.GIR_OIDC_ENDPOINTS = {
        **settings.GIR_OIDC_ENDPOINTS,
        "end_session_endpoint": "https://idp.example/uit",
    }
    assert provider.endpoint("end_session_endpoint") == "https://idp.example/uit"


def test_an_unreachable_provider_gives_a_message_not_an_error(client, db, sso_settings, settings):
    settings.GIR_OIDC_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    response = client.get(reverse("accounts:oidc_login"), follow=True)
    assert response.status_code == 200
    assert f"Inloggen via {PROVIDER_NAME} lukt nu niet" in response.content.decode()


def test_single_sign_on_pages_without_a_provider_send_back_to_log_in(client, db):
    for name in ("accounts:oidc_login", "accounts:oidc_callback"):
        response = client.get(reverse(name))
        assert response["Location"] == reverse("accounts:login")


# The claims ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (["gir-cag", "onbekend"], {Role.COORDINATOR}),
        ("gir-cag gir-juristen", {Role.COORDINATOR, Role.LEGAL}),
        ("gir-cag,gir-juristen", {Role.COORDINATOR, Role.LEGAL}),
        (None, set()),
        ({"gir-cag": True}, set()),
    ],
)
def test_role_mapping(settings, claim, expected):
    settings.GIR_OIDC_ROLES_CLAIM = "roles"
    settings.GIR_OIDC_ROLE_MAP = {"gir-cag": "coordinator", "gir-juristen": "legal", "gir-koning": "king"}
    assert claims.roles_from_claims({"roles": claim}) == expected
    assert claims.provider_managed_roles() == {Role.COORDINATOR, Role.LEGAL}


@pytest.mark.parametrize(
    ("id_token", "expected"),
    [
        ({"amr": ["pwd", "mfa"]}, True),
        ({"amr": ["pwd"]}, False),
        ({"acr": "urn:gemeente:loa:substantieel"}, True),
        ({"acr": "urn:gemeente:loa:laag"}, False),
        ({}, False),
    ],
)
def test_multi_factor_from_acr_or_amr(settings, id_token, expected):
    settings.GIR_OIDC_MFA_ACR_VALUES = ["urn:gemeente:loa:substantieel"]
    settings.GIR_OIDC_MFA_AMR_VALUES = ["mfa"]
    assert claims.mfa_by_provider(id_token) is expected


def test_team_mapping(settings):
    settings.GIR_OIDC_TEAMS_CLAIM = "teams"
    settings.GIR_OIDC_TEAM_MAP = {"a": "Publiekszaken", "b": "Publiekszaken:manager", "c": "Team: Noord"}
    found = claims.teams_from_claims({"teams": ["a", "b", "c", "x"]})
    assert found == {
        ("Publiekszaken", MembershipRole.MEMBER),
        ("Publiekszaken", MembershipRole.MANAGER),
        ("Team: Noord", MembershipRole.MEMBER),
    }
    assert claims.provider_managed_teams() == {"Publiekszaken", "Team: Noord"}


def test_settings_that_lock_everyone_out_are_reported(settings):
    settings.GIR_LOCAL_LOGIN = False
    settings.GIR_OIDC_CLIENT_ID = ""
    settings.GIR_OIDC_ROLE_MAP = {"gir-koning": "king"}
    assert [problem.id for problem in login_settings_check()] == ["accounts.E001", "accounts.E002"]
    settings.GIR_LOCAL_LOGIN = True
    settings.GIR_OIDC_ROLE_MAP = {"gir-cag": "coordinator"}
    assert login_settings_check() == []


def test_settings_let_the_log_out_form_go_to_the_provider():
    """Browsers check the redirect that answers the log-out form against the CSP's
    form-action: the settings add the provider's origin (e2e/test_sso_flow.py logs out)."""
    env = {
        **os.environ,
        "GIR_DEBUG": "1",
        "GIR_OIDC_CLIENT_ID": "gir",
        "GIR_OIDC_DISCOVERY_URL": "https://login.gemeente.example/realms/gir/.well-known/openid-configuration",
        "GIR_OIDC_END_SESSION_ENDPOINT": "https://uitloggen.gemeente.example/end",
    }
    script = "import json, config.settings as s; print(json.dumps(s.SECURE_CSP['form-action']))"
    output = subprocess.run(  # noqa: S603 - our own settings module
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert json.loads(output)[1:] == ["https://login.gemeente.example", "https://uitloggen.gemeente.example"]
