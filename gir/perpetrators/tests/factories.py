import factory

from gir.accounts.tests.factories import UserFactory
from gir.perpetrators.constants import MeasureKind
from gir.perpetrators.models import Measure, Perpetrator, PerpetratorIncident
from gir.perpetrators.search import search_text_of


class PerpetratorFactory(factory.django.DjangoModelFactory):
    """A person in the register; pass incidents=[...] to link them at once."""

    class Meta:
        model = Perpetrator
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Persoon {n}")
    search_text = factory.LazyAttribute(lambda o: search_text_of(o.full_name, o.aliases.splitlines()))
    aliases = ""
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def incidents(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            for incident in extracted:
                PerpetratorIncident.objects.create(perpetrator=self, incident=incident)


class MeasureFactory(factory.django.DjangoModelFactory):
    """A proposed measure for the person's linked incidents (or those passed)."""

    class Meta:
        model = Measure
        skip_postgeneration_save = True

    perpetrator = factory.SubFactory(PerpetratorFactory)
    kind = MeasureKind.WRITTEN_WARNING

    @factory.post_generation
    def incidents(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create:
            self.incidents.set(
                extracted
                if extracted is not None
                else [link.incident for link in self.perpetrator.links.all()]
            )
