"""The Regierungsbezirk of each of the 47 police authorities of NRW."""

from django.db import migrations, models

REGIONS = {
    "arnsberg": ["BO", "DO", "HA", "HAM", "EN", "HSK", "MK", "OE", "SI", "SO", "UN"],
    "detmold": ["BI", "GT", "HF", "HX", "LIP", "MI", "PB"],
    "duesseldorf": [
        *("D", "DU", "E", "KR", "MG", "OB", "W"),
        *("KLE", "ME", "NE", "VIE", "WES"),
    ],
    "koeln": ["AC", "BN", "K", "DN", "REK", "EU", "HS", "GM", "RBK", "SU"],
    "muenster": ["GE", "MS", "RE", "BOR", "COE", "ST", "WAF"],
}


def assign(apps, schema_editor):
    PoliceAuthority = apps.get_model("konferenz", "PoliceAuthority")
    for region, codes in REGIONS.items():
        PoliceAuthority.objects.filter(press_code__in=codes).update(region=region)


def unassign(apps, schema_editor):
    apps.get_model("konferenz", "PoliceAuthority").objects.update(region="")


class Migration(migrations.Migration):
    dependencies = [("konferenz", "0004_calendar_feed")]

    operations = [
        migrations.AddField(
            model_name="policeauthority",
            name="region",
            field=models.CharField(
                blank=True,
                choices=[
                    ("arnsberg", "Arnsberg"),
                    ("detmold", "Detmold"),
                    ("duesseldorf", "Düsseldorf"),
                    ("koeln", "Köln"),
                    ("muenster", "Münster"),
                ],
                help_text="The Regierungsbezirk the authority belongs to.",
                max_length=20,
                verbose_name="administrative district",
            ),
        ),
        migrations.RunPython(assign, unassign),
    ]
