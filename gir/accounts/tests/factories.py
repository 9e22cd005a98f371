import factory

from gir.accounts.constants import MembershipRole, Role, UnitKind
from gir.accounts.models import Location, OrganisationUnit, TeamMembership, User, UserRole


class OrganisationUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationUnit

    name = factory.Sequence(lambda n: f"Onderdeel {n}")
    kind = UnitKind.ORGANISATION
    parent = None


class TeamFactory(OrganisationUnitFactory):
    name = factory.Sequence(lambda n: f"Team {n}")
    kind = UnitKind.TEAM
    parent = factory.SubFactory(
        OrganisationUnitFactory,
        kind=UnitKind.DEPARTMENT,
        parent=factory.SubFactory(
            OrganisationUnitFactory,
            kind=UnitKind.DIRECTORATE,
            parent=factory.SubFactory(OrganisationUnitFactory, kind=UnitKind.ORGANISATION),
        ),
    )


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Stadskantoor {n}")
    street = "Geleenstraat 27"
    postal_code = "6411 HR"
    city = "Heerlen"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@gemeente.example")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create:
            for role in extracted if extracted is not None else [Role.EMPLOYEE]:
                UserRole.objects.create(user=self, role=role)


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role = MembershipRole.MEMBER
