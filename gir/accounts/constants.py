from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DESIGN §1. What each may do is decided in gir.access, not here."""

    EMPLOYEE = "employee", _("Medewerker")
    TEAM_MANAGER = "team_manager", _("Teammanager / leidinggevende")
    COORDINATOR = "coordinator", _("Coördinator agressie en geweld")
    AFTERCARE = "aftercare", _("Bedrijfsmaatschappelijk werk / BOT")
    RECEPTION = "reception", _("Receptie / beveiliging")
    LEGAL = "legal", _("Juridische zaken")
    DIRECTOR = "director", _("Directie / gemeentesecretaris")
    MAYOR = "mayor", _("Burgemeester")
    CLERK = "clerk", _("Griffier")
    ADMINISTRATOR = "administrator", _("Beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Functionaris gegevensbescherming")


class UnitKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisatie")
    DIRECTORATE = "directorate", _("Directie")
    DEPARTMENT = "department", _("Afdeling")
    TEAM = "team", _("Team")


# A unit may only hang below a unit of a higher kind.
UNIT_KIND_DEPTH = {
    UnitKind.ORGANISATION: 0,
    UnitKind.DIRECTORATE: 1,
    UnitKind.DEPARTMENT: 2,
    UnitKind.TEAM: 3,
}


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Lid")
    MANAGER = "manager", _("Leidinggevende")


# Roles that see no case content and confirm no grants: the administrator gives them
# directly. Every other role, and managing a team, needs a second person (DESIGN §1,
# issue 17 item 6; docs/adr/0014). Reception is not here: it sees the names and photos
# of banned visitors, data from the perpetrator register (AVG art. 10). The director is
# not here: it confirms grants itself, so an administrator who could make directors
# could make its own second person. gir/access/tests/test_grants.py checks this list
# against the capabilities of each role.
ROLES_GRANTED_DIRECTLY: frozenset[str] = frozenset({Role.EMPLOYEE, Role.ADMINISTRATOR})


def needs_second_person(role: str) -> bool:
    """Whether granting this role waits for a second person's confirmation."""
    return role not in ROLES_GRANTED_DIRECTLY


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op bevestiging")
    CONFIRMED = "confirmed", _("Bevestigd")
    REFUSED = "refused", _("Afgewezen")
