"""The standard topics: first those the ministry's decree names, then common extras."""

from django.db import migrations

DECREE_TOPICS = [
    "Allgemeine Sicherheitslage (Einsatz-, Kriminalitäts-, Verkehrsunfalllage)",
    "Räumliche Brennpunkte",
    "Banden- und Intensivtäterstrukturen",
    "Clankriminalität",
    "Schutz von Kindern und Jugendlichen vor sexuellem Missbrauch",
    "Sicherheit von Großveranstaltungen",
    "Respektlosigkeit und Gewalt gegenüber Amtsträgern",
    "Kooperationen und Ordnungspartnerschaften",
    "Bericht zu offenen Maßnahmen (Wiedervorlage)",
]

COMMON_TOPICS = [
    "Wohnungseinbruch",
    "Verkehrsunfälle mit schweren Folgen",
    "Extremismus",
    "Messerangriffe",
    "Rauschgift",
    "Jugendkriminalität („Kurve kriegen“)",
]


def create(apps, schema_editor):
    Topic = apps.get_model("tagesordnung", "Topic")
    position = 0
    for names, decree in ((DECREE_TOPICS, True), (COMMON_TOPICS, False)):
        for name in names:
            position += 10
            Topic.objects.create(name=name, is_decree_topic=decree, position=position)


def remove(apps, schema_editor):
    Topic = apps.get_model("tagesordnung", "Topic")
    Topic.objects.filter(
        police_authority__isnull=True, name__in=DECREE_TOPICS + COMMON_TOPICS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("tagesordnung", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
