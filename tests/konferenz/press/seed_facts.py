"""The facts of the four real press releases SiKo's press drafts are measured
against (``shared/seeds``: Düren 2019, Gelsenkirchen 2019, Lippe 2021 and the
Düren Leitungsstab page with its Sicherheitsprogramm).

Only facts – who hosted, who came, when, where, which topics – written down
as data, so that a clone of the repository runs the golden tests without the
seed files and without copying their wording.
"""

import datetime
from dataclasses import dataclass, field

from teilnehmer.addressbook.models import Authority

K = Authority.Kind


@dataclass(frozen=True)
class SeedConference:
    key: str
    press_code: str
    area: str
    date: datetime.date
    weekday: str
    venue: str
    host_name: str
    host_function: str
    sequence: int
    #: The authorities present: (name, kind, article the text must use).
    attending: tuple
    #: Agenda titles as an organiser would type them, public, in order.
    topics: tuple
    #: How each topic must read in the release's list (same order).
    topic_phrases: tuple
    host_represents: str = ""
    #: Guests named with their consent: (function, name, authority).
    guests: tuple = ()
    next_year: int | None = None
    formal_items: tuple = field(default=("Begrüßung", "Fazit"))


DUEREN_2019 = SeedConference(
    key="dueren-2019",
    press_code="DN",
    area="Kreis Düren",
    date=datetime.date(2019, 10, 30),
    weekday="Mittwoch",
    venue="Kreishaus Düren",
    host_name="Jürgen Möller",
    host_function="Leitender Polizeidirektor, Abteilungsleiter Polizei",
    host_represents="des Landrates",
    sequence=1,
    attending=(
        ("Stadt Düren", K.CITY, "die"),
        ("Stadt Jülich", K.CITY, "die"),
        ("Gemeinde Kreuzau", K.CITY, "die"),
        ("Amtsgericht Düren", K.LOCAL_COURT, "das"),
        ("Amtsgericht Jülich", K.LOCAL_COURT, "das"),
        ("Staatsanwaltschaft Aachen", K.PROSECUTION, "die"),
        ("Finanzamt Düren", K.TAX, "das"),
        ("Finanzamt Jülich", K.TAX, "das"),
        ("Hauptzollamt Aachen", K.CUSTOMS, "das"),
        ("Bundespolizeiinspektion Aachen", K.FEDERAL_POLICE, "die"),
    ),
    topics=(
        "Clankriminalität",
        "Bekämpfung des sexuellen Missbrauchs von Kindern",
        "Respektlosigkeit und Gewaltbereitschaft gegenüber Amtsträgern",
    ),
    topic_phrases=(
        "die Clankriminalität",
        "die Bekämpfung des sexuellen Missbrauchs von Kindern",
        "die Respektlosigkeit und Gewaltbereitschaft gegenüber Amtsträgern",
    ),
)

GELSENKIRCHEN_2019 = SeedConference(
    key="gelsenkirchen-2019",
    press_code="GE",
    area="Gelsenkirchen",
    date=datetime.date(2019, 4, 29),
    weekday="Montag",
    venue="Polizeipräsidium Gelsenkirchen",
    host_name="Anne Heselhaus-Schröer",
    host_function="Polizeipräsidentin",
    sequence=1,
    attending=(
        ("Staatsanwaltschaft Essen", K.PROSECUTION, "die"),
        ("Landgericht Essen", K.REGIONAL_COURT, "das"),
        ("Amtsgericht Gelsenkirchen", K.LOCAL_COURT, "das"),
        ("Stadt Gelsenkirchen", K.CITY, "die"),
        ("Hauptzollamt Dortmund", K.CUSTOMS, "das"),
        ("Bundespolizeiinspektion Dortmund", K.FEDERAL_POLICE, "die"),
        ("BOGESTRA AG", K.TRANSIT, "die"),
        ("Vestische Straßenbahnen GmbH", K.TRANSIT, "die"),
    ),
    guests=(
        (
            "Leiter des Referates Öffentliche Sicherheit und Ordnung",
            "Hans-Joachim Olbering",
            "Stadt Gelsenkirchen",
        ),
        ("Leiterin", "Iris Vermehr", "Hauptzollamt Dortmund"),
        ("Leiter", "Sven Srol", "Bundespolizeiinspektion Dortmund"),
    ),
    topics=(
        "Allgemeine Sicherheitslage in Gelsenkirchen",
        "Clankriminalität",
        "Problembereich Hauptbahnhof",
        "Problembereich Hafen Graf Bismarck",
    ),
    topic_phrases=(
        "die allgemeine Sicherheitslage in Gelsenkirchen",
        "die Clankriminalität",
        "der Problembereich Hauptbahnhof",
        "der Problembereich Hafen Graf Bismarck",
    ),
)

LIPPE_2021 = SeedConference(
    key="lippe-2021",
    press_code="LIP",
    area="Kreis Lippe",
    date=datetime.date(2021, 11, 16),
    weekday="Dienstag",
    venue="Kreishaus Lippe",
    host_name="Dr. Axel Lehmann",
    host_function="Landrat und Behördenleiter der Polizei",
    sequence=2,
    attending=(
        ("Kreis Lippe", K.DISTRICT, "der"),
        ("Stadt Detmold", K.CITY, "die"),
        ("Bezirksregierung Detmold", K.REGIONAL_GOVERNMENT, "die"),
        ("Jugendamt Detmold", K.YOUTH_WELFARE, "das"),
        ("Bundespolizeiinspektion Münster", K.FEDERAL_POLICE, "die"),
        ("Staatsanwaltschaft Detmold", K.PROSECUTION, "die"),
        ("Hauptzollamt Bielefeld", K.CUSTOMS, "das"),
    ),
    topics=(
        "Kooperationsvereinbarung der lippischen Jugendämter und der Polizei Lippe",
        "Ordnungspartnerschaften zwischen Kommunen und der Polizei Lippe",
    ),
    topic_phrases=(
        "die Kooperationsvereinbarung der lippischen Jugendämter und der Polizei Lippe",
        "die Ordnungspartnerschaften zwischen Kommunen und der Polizei Lippe",
    ),
    next_year=2022,
)

#: The Leitungsstab page names the goals of Düren's Sicherheitsprogramm and
#: the unit for strategy (Behördenstrategie/Controlling); here as the agenda
#: of a later Düren conference, typed the way the issue found them – with a
#: presentation title in quotes, a colon and a semicolon.
DUEREN_STRATEGY_2021 = SeedConference(
    key="dueren-leitungsstab",
    press_code="DN",
    area="Kreis Düren",
    date=datetime.date(2021, 11, 10),
    weekday="Mittwoch",
    venue="Kreishaus Düren",
    host_name="Wolfgang Spelthahn",
    host_function="Landrat",
    sequence=2,
    attending=(
        ("Stadt Düren", K.CITY, "die"),
        ("Staatsanwaltschaft Aachen", K.PROSECUTION, "die"),
    ),
    topics=(
        "Vortrag „Bekämpfung des Wohnungseinbruchs“",
        "Kriminal- und Verkehrsunfallstatistik 2020 und Entwicklung 2021",
        "Behördenstrategie: Stärkung des Sicherheitsgefühls; Ergebnisse der"
        " Bürgerbefragung",
        "Reduzierung von Verkehrsunfällen mit schweren Folgen",
        'Respektloses Verhalten gegenüber "Amtsträgern"',
    ),
    topic_phrases=(
        "der Vortrag „Bekämpfung des Wohnungseinbruchs“",
        "die Kriminal- und Verkehrsunfallstatistik 2020 und Entwicklung 2021",
        "die Behördenstrategie mit den Schwerpunkten „Stärkung des Sicherheitsgefühls“"
        " und „Ergebnisse der Bürgerbefragung“",
        "die Reduzierung von Verkehrsunfällen mit schweren Folgen",
        "das Thema „Respektloses Verhalten gegenüber ‚Amtsträgern‘“",
    ),
)

SEEDS = (DUEREN_2019, GELSENKIRCHEN_2019, LIPPE_2021, DUEREN_STRATEGY_2021)
