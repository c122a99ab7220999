"""The 47 police authorities (Kreispolizeibehörden) of North Rhine-Westphalia."""

from django.db import migrations

PRESIDIA = [
    # (name of the city, press code)
    ("Aachen", "AC"),
    ("Bielefeld", "BI"),
    ("Bochum", "BO"),
    ("Bonn", "BN"),
    ("Dortmund", "DO"),
    ("Düsseldorf", "D"),
    ("Duisburg", "DU"),
    ("Essen", "E"),
    ("Gelsenkirchen", "GE"),
    ("Hagen", "HA"),
    ("Hamm", "HAM"),
    ("Köln", "K"),
    ("Krefeld", "KR"),
    ("Mönchengladbach", "MG"),
    ("Münster", "MS"),
    ("Oberhausen", "OB"),
    ("Recklinghausen", "RE"),
    ("Wuppertal", "W"),
]

DISTRICTS = [
    # (short name after "Polizei"/"Kreispolizeibehörde", area, seat, press code)
    ("Borken", "Kreis Borken", "Borken", "BOR"),
    ("Coesfeld", "Kreis Coesfeld", "Coesfeld", "COE"),
    ("Düren", "Kreis Düren", "Düren", "DN"),
    ("Ennepe-Ruhr-Kreis", "Ennepe-Ruhr-Kreis", "Schwelm", "EN"),
    ("Rhein-Erft-Kreis", "Rhein-Erft-Kreis", "Bergheim", "REK"),
    ("Euskirchen", "Kreis Euskirchen", "Euskirchen", "EU"),
    ("Gütersloh", "Kreis Gütersloh", "Gütersloh", "GT"),
    ("Heinsberg", "Kreis Heinsberg", "Heinsberg", "HS"),
    ("Herford", "Kreis Herford", "Herford", "HF"),
    ("Hochsauerlandkreis", "Hochsauerlandkreis", "Meschede", "HSK"),
    ("Höxter", "Kreis Höxter", "Höxter", "HX"),
    ("Kleve", "Kreis Kleve", "Kleve", "KLE"),
    ("Lippe", "Kreis Lippe", "Detmold", "LIP"),
    ("Märkischer Kreis", "Märkischer Kreis", "Iserlohn", "MK"),
    ("Mettmann", "Kreis Mettmann", "Mettmann", "ME"),
    ("Minden-Lübbecke", "Kreis Minden-Lübbecke", "Minden", "MI"),
    ("Rhein-Kreis Neuss", "Rhein-Kreis Neuss", "Neuss", "NE"),
    ("Oberbergischer Kreis", "Oberbergischer Kreis", "Gummersbach", "GM"),
    ("Olpe", "Kreis Olpe", "Olpe", "OE"),
    ("Paderborn", "Kreis Paderborn", "Paderborn", "PB"),
    ("Rheinisch-Bergischer Kreis", "Rheinisch-Bergischer Kreis", "Bergisch Gladbach", "RBK"),
    ("Rhein-Sieg-Kreis", "Rhein-Sieg-Kreis", "Siegburg", "SU"),
    ("Siegen-Wittgenstein", "Kreis Siegen-Wittgenstein", "Siegen", "SI"),
    ("Soest", "Kreis Soest", "Soest", "SO"),
    ("Steinfurt", "Kreis Steinfurt", "Steinfurt", "ST"),
    ("Unna", "Kreis Unna", "Unna", "UN"),
    ("Viersen", "Kreis Viersen", "Viersen", "VIE"),
    ("Warendorf", "Kreis Warendorf", "Warendorf", "WAF"),
    ("Wesel", "Kreis Wesel", "Wesel", "WES"),
]


def press_contact(short_name, city):  # noqa: ARG001
    return f"{short_name}\nPressestelle\nwww.polizei.nrw.de"


def create(apps, schema_editor):
    PoliceAuthority = apps.get_model("konferenz", "PoliceAuthority")
    rows = []
    for city, code in PRESIDIA:
        rows.append(
            PoliceAuthority(
                name=f"Polizeipräsidium {city}",
                short_name=f"Polizei {city}",
                kind="pp",
                press_code=code,
                seat=city,
                area=city,
                head_title="Polizeipräsident/in",
                press_contact=press_contact(f"Polizei {city}", city),
            )
        )
    for short, area, seat, code in DISTRICTS:
        rows.append(
            PoliceAuthority(
                name=f"Kreispolizeibehörde {short}",
                short_name=f"Polizei {short}",
                kind="landrat",
                press_code=code,
                seat=seat,
                area=area,
                head_title="Landrat/Landrätin",
                press_contact=press_contact(f"Polizei {short}", seat),
            )
        )
    PoliceAuthority.objects.bulk_create(rows)


def remove(apps, schema_editor):
    PoliceAuthority = apps.get_model("konferenz", "PoliceAuthority")
    codes = [code for _, code in PRESIDIA] + [d[3] for d in DISTRICTS]
    PoliceAuthority.objects.filter(press_code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("konferenz", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
