"""Issue 17 item 6 in a real browser: the administrator asks for the coordinator role
for itself in Beheer, gets it only when the director confirms, and then it works."""

import re
from collections.abc import Callable

from django.core import mail

from playwright.sync_api import Page, expect

from gir.accounts.constants import Role
from gir.accounts.models import User, UserRole
from gir.accounts.tests.factories import UserFactory

from .conftest import PASSWORD


def test_a_second_person_confirms_a_role_grant(
    employee: User, page_for: Callable[[str], Page], login: Callable[[Page, User], None]
) -> None:
    administrator = UserFactory(
        username="beheerder",
        first_name="Bo",
        last_name="Beheer",
        roles=[Role.ADMINISTRATOR],
        password=PASSWORD,
    )
    UserFactory(
        username="directeur", first_name="Dirk", last_name="Direct", roles=[Role.DIRECTOR], password=PASSWORD
    )

    # The administrator gives itself the coordinator role in Beheer: it is only asked for.
    admin_page = page_for("beheerder")
    admin_page.goto(f"/beheer/accounts/user/{administrator.pk}/change/")
    roles = admin_page.locator("#roles-group")
    roles.get_by_text("Nog een Rol toevoegen").click()
    roles.locator("select[name='roles-1-role']").select_option(Role.COORDINATOR)
    admin_page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(admin_page.locator(".messagelist")).to_contain_text(
        "krijgt ‘Coördinator agressie en geweld’ nog niet: dit is aangevraagd."
    )
    assert set(UserRole.objects.filter(user=administrator).values_list("role", flat=True)) == {
        Role.ADMINISTRATOR
    }
    admin_page.goto("/")
    expect(admin_page.get_by_role("link", name="Werkvoorraad", exact=True)).to_have_count(0)
    assert [message.to for message in mail.outbox] == [["directeur@gemeente.example"]]

    # The director confirms it on GIR's page, reached from the menu.
    director_page = page_for("directeur")
    director_page.get_by_role("link", name="Rollen bevestigen").click()
    expect(director_page.get_by_role("heading", name="Rollen bevestigen")).to_be_visible()
    director_page.get_by_role("button", name="Bevestig Coördinator agressie en geweld voor Bo Beheer").click()
    expect(director_page.get_by_text("Bevestigd: Bo Beheer heeft nu de rol")).to_be_visible()

    # The new role works: the administrator now reaches the coordinator's work list.
    admin_page.goto("/")
    admin_page.get_by_role("link", name="Werkvoorraad", exact=True).click()
    expect(admin_page).to_have_url(re.compile("/meldingen/"))
    expect(admin_page.locator("h1")).to_be_visible()
