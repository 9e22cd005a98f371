import copy

from django.apps import apps
from django.db import models
from django.utils.functional import lazy

from gir.core.models import ChoiceLabelsMixin
from gir.incidents.models import Incident


def _choice_fields():
    for model in apps.get_models():
        if not issubclass(model, ChoiceLabelsMixin):
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_choice_label_is_djangos_label():
    checked = 0
    for model, field in _choice_fields():
        values = [key for key, _label in field.flatchoices] + ["not-a-choice", None]
        for value in values:
            instance = model(**{field.attname: value})
            ours = instance._get_FIELD_display(field)
            djangos = models.Model._get_FIELD_display(instance, field)
            assert ours == djangos, (model, field.name, value)
            checked += 1
    assert checked > 100  # the incident's, the measures', the steps' ... choices


def test_only_the_label_shown_is_translated():
    translated = []

    def label(text: str) -> str:
        translated.append(text)
        return text

    field = copy.copy(Incident._meta.get_field("setting"))
    field.choices = [(key, lazy(label, str)(str(key).upper())) for key, _label in field.flatchoices]
    incident = Incident(setting="phone")

    assert incident._get_FIELD_display(field) == "PHONE"
    assert translated == ["PHONE"]
