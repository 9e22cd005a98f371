"""Safe pages from the start (issue 3 §9)."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

import pytest

from gir.incidents.tests.test_report import core

TEMPLATES = Path(settings.BASE_DIR) / "gir" / "templates"


def test_csp_header_is_strict_and_carries_a_nonce(client, world):
    client.force_login(world.users["employee"])
    response = client.get(reverse("incidents:create"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert re.search(r"script-src 'self' 'nonce-[\w+/=-]+'", policy)
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    nonce = re.search(r"'nonce-([\w+/=-]+)'", policy).group(1)
    # the only script tag (htmx, from django-htmx) carries the nonce
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_templates_have_no_inline_script_style_or_handlers():
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        # PDF layouts (*_pdf.html) are rendered by WeasyPrint, never served to a browser.
        if not path.name.endswith("_pdf.html"):
            assert "<style" not in text, path
            assert " style=" not in text, path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", text), path
        assert not re.search(r"\son[a-z]+=", text), path


def test_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["employee"])
    response = client.post(reverse("incidents:create"), core())
    assert response.status_code == 403


def test_htmx_requests_send_the_csrf_token_in_a_header(client, world):
    client.force_login(world.users["employee"])
    page = client.get(reverse("home:home")).content.decode()
    assert re.search(r"hx-headers='\{\"X-CSRFToken\": \"[\w-]+\"\}'", page)


def test_error_pages_are_generic(client, world, settings):
    settings.DEBUG = False
    assert client.get("/bestaat-niet/").status_code == 404
    client.force_login(world.users["employee"])
    response = client.get("/bestaat-niet/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Niet gevonden" in body
    assert "Traceback" not in body and "urlpatterns" not in body


def test_server_error_page_shows_no_traceback():
    body = (TEMPLATES / "500.html").read_text()
    assert "Er ging iets mis" in body and "{%" not in body


def test_login_refuses_inactive_users_and_wrong_passwords(client, world):
    user = world.users["employee"]
    user.is_active = False
    user.save()
    response = client.post(
        reverse("accounts:login"), {"username": "employee", "password": "correct-horse-battery"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("accounts:login"), {"username": "coordinator", "password": "fout"})
    assert "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet" in response.content.decode()


def test_login_and_logout(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "employee", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("incidents:mine")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("incidents:mine")).status_code == 302


def test_passwords_are_hashed_with_argon2_in_production():
    from config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.slow
def test_check_deploy_is_clean_on_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIR_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        GIR_SECRET_KEY="x7#" + "k" * 40 + "Q9!vT2pL0aZ-mN8",
        GIR_ALLOWED_HOSTS="gir.gemeente.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_own_stylesheet_is_served(client, world):
    client.force_login(world.users["employee"])
    page = client.get(reverse("home:home")).content.decode()
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    response = client.get(href)
    assert response.status_code == 200
    assert b"--brand" in b"".join(response.streaming_content)
