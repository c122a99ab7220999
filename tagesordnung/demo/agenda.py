"""Demo agendas: the seed conferences' topics as agenda items (as the press
releases name them), a realistic agenda for each conference around today with
internal and VS-NfD items, and goals of each authority's Sicherheitsprogramm.
Idempotent: a second run changes nothing.
"""

from konferenz.core.classification import Classification
from konferenz.demo import upsert
from tagesordnung.agenda.models import AgendaItem, StrategyGoal, Topic

PUB, INT, VS = Classification.PUBLIC, Classification.INTERNAL, Classification.VS_NFD

LAGE = "Allgemeine Sicherheitslage (Einsatz-, Kriminalitäts-, Verkehrsunfalllage)"
BRENNPUNKTE = "Räumliche Brennpunkte"
BANDEN = "Banden- und Intensivtäterstrukturen"
CLAN = "Clankriminalität"
KINDER = "Schutz von Kindern und Jugendlichen vor sexuellem Missbrauch"
GROSS = "Sicherheit von Großveranstaltungen"
GEWALT = "Respektlosigkeit und Gewalt gegenüber Amtsträgern"
KOOP = "Kooperationen und Ordnungspartnerschaften"
WV = "Bericht zu offenen Maßnahmen (Wiedervorlage)"
WED = "Wohnungseinbruch"
VU = "Verkehrsunfälle mit schweren Folgen"
RAUSCH = "Rauschgift"

# conference key: [(title, topic, minutes, classification,
#  presenter, presenter's authority, description)]
AGENDAS = {
    "ge-2019": [
        (
            "Begrüßung und Einführung",
            None,
            10,
            PUB,
            "Anne Heselhaus-Schröer, Polizeipräsidentin",
            "Polizeipräsidium Gelsenkirchen",
            "",
        ),
        (
            "Allgemeine Sicherheitslage in Gelsenkirchen",
            LAGE,
            30,
            PUB,
            "",
            "",
            "Einsatz-, Kriminalitäts- und Verkehrsunfalllage 2018.",
        ),
        ("Clankriminalität", CLAN, 40, INT, "", "", ""),
        (
            "Problembereich Hauptbahnhof",
            BRENNPUNKTE,
            30,
            INT,
            "Sven Srol, Leiter der Bundespolizeiinspektion",
            "Bundespolizei",
            "",
        ),
        ("Problembereich Hafen Graf Bismarck", BRENNPUNKTE, 30, INT, "", "", ""),
        (
            "Fazit und Verabredung zur Wiederholung",
            None,
            10,
            PUB,
            "",
            "",
            "Jährliche oder anlassbezogene Wiederholung der Konferenz.",
        ),
    ],
    "dn-2019": [
        (
            "Begrüßung",
            None,
            10,
            PUB,
            "Jürgen Möller, Leitender Polizeidirektor, Abteilungsleiter Polizei",
            "Kreispolizeibehörde Düren",
            "",
        ),
        ("Clankriminalität im Kreis Düren", CLAN, 45, INT, "", "", ""),
        (
            "Bekämpfung des sexuellen Missbrauchs von Kindern",
            KINDER,
            45,
            INT,
            "",
            "",
            "",
        ),
        (
            "Respektlosigkeit und Gewaltbereitschaft gegenüber Amtsträgern",
            GEWALT,
            40,
            PUB,
            "",
            "",
            "Kooperationen mit den Städten und Gemeinden seit 2017.",
        ),
        (
            "Fazit",
            None,
            15,
            PUB,
            "Jürgen Möller, Leitender Polizeidirektor",
            "Kreispolizeibehörde Düren",
            "",
        ),
    ],
    "lip-2021": [
        (
            "Begrüßung",
            None,
            10,
            PUB,
            "Dr. Axel Lehmann, Landrat und Behördenleiter der Polizei",
            "Kreis Lippe",
            "",
        ),
        (
            "Kooperationsvereinbarung der lippischen Jugendämter und der Polizei Lippe",
            KOOP,
            40,
            PUB,
            "",
            "Jugendämter im Kreis Lippe und Polizei Lippe",
            "Erfahrungen in den Bereichen Gewaltschutz und Kindeswohl.",
        ),
        (
            "Ordnungspartnerschaften zwischen Kommunen und der Polizei Lippe",
            KOOP,
            40,
            PUB,
            "",
            "",
            "Sieben geschlossene Partnerschaften; das Netzwerk als Frühwarnsystem.",
        ),
        ("Aussprache und Ausblick", None, 20, INT, "", "", ""),
    ],
    "dn-next": [
        (
            "Begrüßung",
            None,
            10,
            PUB,
            "Jürgen Möller, Leitender Polizeidirektor, Abteilungsleiter Polizei",
            "Kreispolizeibehörde Düren",
            "",
        ),
        (
            "Aktuelle Sicherheitslage im Kreis Düren",
            LAGE,
            25,
            PUB,
            "",
            "Direktion Kriminalität",
            "Einsatz-, Kriminalitäts- und Verkehrsunfalllage.",
        ),
        ("Bericht zu offenen Maßnahmen", WV, 15, INT, "", "", ""),
        (
            "Wohnungseinbruch: gemeinsame Prävention in den Kommunen",
            WED,
            30,
            PUB,
            "",
            "Kommissariat Kriminalprävention/Opferschutz",
            "",
        ),
        (
            "Clanstrukturen im Kreisgebiet – Lagebild",
            CLAN,
            30,
            VS,
            "",
            "Direktion Kriminalität",
            "Ermittlungsstand und Strukturerkenntnisse; nur für den Dienstgebrauch.",
        ),
        (
            "Gewalt gegen Beschäftigte der Kommunen",
            GEWALT,
            30,
            INT,
            "",
            "Stadt Düren",
            "Erfahrungen aus den Ordnungsämtern.",
        ),
        ("Verschiedenes", None, 15, INT, "", "", ""),
    ],
    "lip-next": [
        (
            "Begrüßung",
            None,
            10,
            PUB,
            "Dr. Axel Lehmann, Landrat und Behördenleiter der Polizei",
            "Kreis Lippe",
            "",
        ),
        ("Sicherheitslage im Kreis Lippe", LAGE, 30, PUB, "", "Polizei Lippe", ""),
        (
            "Verkehrsunfälle mit schweren Folgen auf Landstraßen",
            VU,
            30,
            PUB,
            "",
            "Direktion Verkehr",
            "",
        ),
        (
            "Kinderschutz: Fortschreibung der Kooperationsvereinbarung "
            "mit den Jugendämtern",
            KINDER,
            40,
            INT,
            "",
            "Jugendämter im Kreis Lippe",
            "",
        ),
        (
            "Rauschgifthandel im Umfeld von Schulen – Ermittlungslage",
            RAUSCH,
            30,
            VS,
            "",
            "Kriminalinspektion 2",
            "Laufende Verfahren; nur für den Dienstgebrauch.",
        ),
        ("Ordnungspartnerschaften: Bilanz und neue Partner", KOOP, 30, PUB, "", "", ""),
        ("Bericht zu offenen Maßnahmen", WV, 15, INT, "", "", ""),
    ],
    "ge-last": [
        (
            "Begrüßung",
            None,
            10,
            PUB,
            "Anne Heselhaus-Schröer, Polizeipräsidentin",
            "Polizeipräsidium Gelsenkirchen",
            "",
        ),
        ("Allgemeine Sicherheitslage", LAGE, 30, PUB, "", "", ""),
        (
            "Sicherheit von Großveranstaltungen in der Arena",
            GROSS,
            30,
            PUB,
            "",
            "Stadt Gelsenkirchen",
            "",
        ),
        (
            "Clankriminalität: Sicherheitskooperation Ruhr",
            CLAN,
            30,
            VS,
            "",
            "Direktion Kriminalität",
            "",
        ),
        ("Hauptbahnhof und Umfeld", BRENNPUNKTE, 30, INT, "", "Bundespolizei", ""),
    ],
    "ge-planning": [
        (
            "Begrüßung",
            None,
            10,
            PUB,
            "Anne Heselhaus-Schröer, Polizeipräsidentin",
            "Polizeipräsidium Gelsenkirchen",
            "",
        ),
        ("Allgemeine Sicherheitslage", LAGE, 30, PUB, "", "", ""),
        ("Bericht zu offenen Maßnahmen", WV, 15, INT, "", "", ""),
    ],
}

GOALS = {
    "DN": [
        (
            "Wohnungseinbruch senken",
            "Weniger Einbrüche durch Prävention und Ermittlungsdruck.",
            [WED],
        ),
        ("Gewalt gegen Amtsträger ächten", "", [GEWALT]),
    ],
    "GE": [
        (
            "Clankriminalität bekämpfen",
            "Gemeinsam mit der Sicherheitskooperation Ruhr.",
            [CLAN, BANDEN],
        ),
        ("Angsträume beseitigen", "Hauptbahnhof und Hafen.", [BRENNPUNKTE]),
    ],
    "LIP": [
        ("Schwere Verkehrsunfälle verringern", "", [VU]),
        ("Kinder schützen", "Mit den Jugendämtern.", [KINDER]),
    ],
}


def load(demo):
    authorities = demo.authorities
    for key, items in AGENDAS.items():
        conference = demo.conferences[key]
        for position, (name, topic, minutes, level, who, where, text) in enumerate(
            items, start=1
        ):
            kind = (
                AgendaItem.Kind.CARRY_OVER if topic == WV else AgendaItem.Kind.REGULAR
            )
            upsert(
                AgendaItem,
                conference=conference,
                title=name,
                defaults={
                    "position": position,
                    "kind": kind,
                    "topic": Topic.objects.get(police_authority=None, name=topic)
                    if topic
                    else None,
                    "duration_minutes": minutes,
                    "classification": level,
                    "presenter_name": who,
                    "presenter_authority": where,
                    "description": text,
                },
            )
    for code, goals in GOALS.items():
        for name, description, topic_names in goals:
            goal, _ = upsert(
                StrategyGoal,
                police_authority=authorities[code],
                name=name,
                defaults={"description": description},
            )
            topics = Topic.objects.filter(police_authority=None, name__in=topic_names)
            if set(goal.topics.values_list("pk", flat=True)) != {t.pk for t in topics}:
                goal.topics.set(topics)
