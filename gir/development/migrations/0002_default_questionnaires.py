"""Ship the development matrix, the aspects and the eight leerdoelwijzers of 004
(gir.development.catalogues). A function group that is missing is created."""

from django.db import migrations

from gir.development.catalogues import ASPECTS, COMPETENCIES, GOAL_PROMPT, QUESTIONNAIRES, SOURCE


def add_questionnaires(apps, schema_editor):
    Competency = apps.get_model("development", "Competency")
    Aspect = apps.get_model("development", "Aspect")
    Questionnaire = apps.get_model("development", "Questionnaire")
    Statement = apps.get_model("development", "Statement")
    FunctionGroup = apps.get_model("accounts", "FunctionGroup")
    for position, (name, hint) in enumerate(COMPETENCIES, start=1):
        Competency.objects.update_or_create(
            name=name, defaults={"hint": hint, "position": position, "source": SOURCE}
        )
    aspects = {}
    for position, name in enumerate(ASPECTS, start=1):
        aspects[name], _ = Aspect.objects.update_or_create(name=name, defaults={"position": position})
    for group_name, title, parts in QUESTIONNAIRES:
        group, _ = FunctionGroup.objects.get_or_create(name=group_name, defaults={"source": SOURCE})
        questionnaire, created = Questionnaire.objects.get_or_create(
            function_group=group, defaults={"title": title, "goal_prompt": GOAL_PROMPT, "source": SOURCE}
        )
        if not created:
            continue  # the organisation's edits stay
        position = 0
        for aspect_name, statements in parts:
            for text in statements:
                position += 1
                Statement.objects.create(
                    questionnaire=questionnaire, aspect=aspects[aspect_name], text=text, position=position
                )


class Migration(migrations.Migration):
    dependencies = [("development", "0001_initial"), ("accounts", "0002_default_function_groups")]

    operations = [migrations.RunPython(add_questionnaires, migrations.RunPython.noop)]
