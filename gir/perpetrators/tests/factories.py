import factory

from gir.perpetrators.models import Perpetrator
from gir.perpetrators.search import search_text_of


class PerpetratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Perpetrator

    full_name = factory.Sequence(lambda n: f"Persoon {n}")
    search_text = factory.LazyAttribute(lambda o: search_text_of(o.full_name, o.aliases.splitlines()))
    aliases = ""
