from django.db import migrations

# The eight function groups with a leerdoelwijzer (004 "Beschikbare leerdoelwijzers").
DEFAULT_FUNCTION_GROUPS = [
    ("Werkpleinen", "face-to-face aan balie, in spreekkamer of aan de telefoon"),
    ("Sociaal domein", "face-to-face tijdens huisbezoek, in spreekkamer of aan de telefoon"),
    ("Telefonische dienstverlening (KCC)", "telefonisch contact"),
    ("Publiekszaken", "face-to-face aan balie of receptie"),
    ("Inspectie Bouw, Milieu, Water, Leerplicht", "face-to-face tijdens huis- of bedrijfsbezoek"),
    ("Buitengewoon opsporingsambtenaren (BOA)", "face-to-face in de openbare ruimte of op huis- of bedrijfsbezoek"),
    ("Beheer en onderhoud", "face-to-face in de openbare ruimte"),
    ("Beheer sporthal, zwembad, begraafplaats", "face-to-face"),
]


def add_function_groups(apps, schema_editor):
    FunctionGroup = apps.get_model("accounts", "FunctionGroup")
    for name, contact_kind in DEFAULT_FUNCTION_GROUPS:
        FunctionGroup.objects.get_or_create(
            name=name, defaults={"contact_kind": contact_kind, "source": "004 Leren en ontwikkelen"}
        )


def remove_function_groups(apps, schema_editor):
    FunctionGroup = apps.get_model("accounts", "FunctionGroup")
    FunctionGroup.objects.filter(
        name__in=[name for name, _ in DEFAULT_FUNCTION_GROUPS], users__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(add_function_groups, remove_function_groups)]
