"""The administrator's pages (Django admin, Beheer, whose site asks gir.access) in the
project's access matrix (gir/home/tests/test_url_access_matrix.py): users and
organisation only, for the administrator only. The second person's page (confirming
role grants, docs/adr/0014) is for the coordinator and the director; its object URLs
point at a request of the administrator to make "employee" legal."""

import re

from conftest import PERSONAS

ALL = frozenset(PERSONAS) | {"councillor"}
ADMIN = frozenset({"administrator"})
CONFIRMERS = frozenset({"coordinator", "director"})
ANONYMOUS = "anonymous"

MATRIX: dict[str, frozenset[str]] = {
    "access:role_grants": CONFIRMERS,
    "access:role_grant_confirm": CONFIRMERS,
    "access:role_grant_refuse": CONFIRMERS,
    "admin:index": ADMIN,
    "admin:login": ADMIN,  # others are sent to GIR's own log-in or refused
    # Logs an administrator out; anyone else is sent to the admin index, which refuses them.
    "admin:logout": ALL | {ANONYMOUS},
    "admin:password_change": ADMIN,  # leads to GIR's own page (accounts:password_change)
    "admin:password_change_done": ADMIN,
    "admin:autocomplete": ADMIN,
    "admin:jsi18n": ADMIN,
    "admin:app_list": ADMIN,
    # Nobody sets another's password, the administrator neither: it sends a link (issue 17).
    "admin:auth_user_password_change": frozenset(),
    # No GIR object has a public page, so "view on site" leads nowhere, for anyone.
    "admin:view_on_site": frozenset(),
    "route:beheer/(?P<url>.*)$": frozenset(),  # unknown admin pages: 404 or log-in
    # Lockouts after failed log-ins (issue 17 item 3): who may unlock accounts.
    "lockouts:list": frozenset({"coordinator", "administrator"}),
    "lockouts:unlock": frozenset({"coordinator", "administrator"}),
    # Requests for a role are followed in Beheer, never made or decided there.
    "admin:accounts_rolegrantrequest_add": frozenset(),
    "admin:accounts_rolegrantrequest_delete": frozenset(),
    # Nobody adds or deletes background tasks by hand.
    "admin:django_tasks_database_dbtaskresult_add": frozenset(),
    "admin:django_tasks_database_dbtaskresult_delete": frozenset(),
}
# The model pages of the administrator, named and unnamed (the <object_id>/ redirects).
ADMIN_MODEL_URL = re.compile(
    r"^(admin:accounts_|route:beheer/accounts/)(user|organisationunit|location|functiongroup|rolegrantrequest)"
    # The background task queue: the administrator may look, not change.
    r"|^(admin:django_tasks_database_|route:beheer/django_tasks_database/)dbtaskresult"
)
PATTERNS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = ((ADMIN_MODEL_URL, ADMIN),)
POST_ONLY: set[str] = {"admin:logout", "lockouts:unlock", "access:role_grant_confirm"}


def url_kwargs(key: str, world) -> dict[str, int]:
    if key not in ("access:role_grant_confirm", "access:role_grant_refuse"):
        return {}
    from gir.accounts.constants import Role
    from gir.accounts.models import RoleGrantRequest
    from gir.accounts.services import role_grant_request

    employee = world.users["employee"]
    grant = RoleGrantRequest.objects.filter(user=employee, status="pending").first()
    if grant is None:  # the confirm URL of a confirmer used up the first one
        role = Role.LEGAL if not employee.roles.filter(role=Role.LEGAL).exists() else Role.AFTERCARE
        grant = role_grant_request(actor=world.users["administrator"], user=employee, role=role)
    return {"pk": grant.pk}
