import pytest

from gir.accounts.constants import Role, UnitKind
from gir.accounts.models import OrganisationUnit
from gir.accounts.tests.factories import LocationFactory, OrganisationUnitFactory, UserFactory
from gir.demo.organisation import ORGANISATION_PLAN


@pytest.fixture
def demo_units(db) -> dict[str, OrganisationUnit]:
    """The demo organisation's directorates, departments and teams (as load_demo makes them)."""
    organisation = OrganisationUnitFactory(name="Gemeente Heerlen (demo)", kind=UnitKind.ORGANISATION)
    units: dict[str, OrganisationUnit] = {}
    for directorate_name, departments in ORGANISATION_PLAN:
        directorate = OrganisationUnitFactory(
            name=directorate_name, kind=UnitKind.DIRECTORATE, parent=organisation
        )
        for department_name, teams in departments:
            department = OrganisationUnitFactory(
                name=department_name, kind=UnitKind.DEPARTMENT, parent=directorate
            )
            units[department_name] = department
            for name in teams:
                units[name] = OrganisationUnitFactory(name=name, kind=UnitKind.TEAM, parent=department)
    LocationFactory(name="Stadskantoor")
    return units


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", roles=[Role.COORDINATOR])
