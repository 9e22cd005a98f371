import datetime as dt

from django.utils import timezone

import factory

from gir.accounts.tests.factories import UserFactory
from gir.incidents.constants import BehaviourKind, IncidentStatus, Setting, VictimKind
from gir.incidents.models import Incident, IncidentBehaviour, Victim


class IncidentFactory(factory.django.DjangoModelFactory):
    """A submitted incident; pass status=IncidentStatus.DRAFT for a draft."""

    class Meta:
        model = Incident
        skip_postgeneration_save = True

    reporter = factory.SubFactory(UserFactory)
    status = IncidentStatus.REPORTED
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    submitted_at = factory.LazyFunction(timezone.now)
    setting = Setting.COUNTER
    description = "Klant werd boos aan de balie en schold de medewerker uit."

    @factory.post_generation
    def behaviours(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create:
            for kind in extracted if extracted is not None else [BehaviourKind.VERBAL]:
                IncidentBehaviour.objects.create(incident=self, kind=kind)

    @factory.post_generation
    def victim_is_reporter(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            Victim.objects.create(incident=self, user=self.reporter, kind=VictimKind.EMPLOYEE)


class VictimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Victim

    incident = factory.SubFactory(IncidentFactory)
    user = factory.SubFactory(UserFactory)
    kind = VictimKind.EMPLOYEE
