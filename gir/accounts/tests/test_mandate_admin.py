from django.urls import reverse

from gir.accounts.models import User


def test_the_administrator_sets_the_measure_mandate(client, world):
    """001 §7.3: some managers are mandated to decide measures; the administrator records that."""
    client.force_login(world.users["administrator"])
    manager = world.users["team_manager"]
    page = client.get(reverse("admin:accounts_user_change", args=[manager.pk]))
    assert page.status_code == 200
    assert 'name="has_measure_mandate"' in page.content.decode()
    assert not User.objects.get(pk=manager.pk).has_measure_mandate
