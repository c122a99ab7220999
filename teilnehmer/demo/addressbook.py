"""Demo address books of Düren, Gelsenkirchen and Lippe with contact persons,
and the invitations (with attendance) of the seed conferences.

Partner authorities are the ones the seed press releases name. People named in
the seeds keep their names and functions; all other contact persons are
invented, and every email address uses the reserved ``.example`` domain so that
the demo can never mail a real person.
"""

from konferenz.demo import upsert
from teilnehmer.addressbook.models import Authority, Contact
from teilnehmer.invitations.models import Invitation

K = Authority.Kind

DN_MUNICIPALITIES = [
    ("Stadt Düren", "Kaiserplatz 2-4", "52349", "Düren"),
    ("Stadt Jülich", "Große Rurstraße 17", "52428", "Jülich"),
    ("Stadt Linnich", "Rurdorfer Straße 64", "52441", "Linnich"),
    ("Stadt Heimbach", "Hengebachstraße 14", "52396", "Heimbach"),
    ("Stadt Nideggen", "Zülpicher Straße 1", "52385", "Nideggen"),
    ("Gemeinde Aldenhoven", "Dietrich-Mülfahrt-Straße 11-13", "52457", "Aldenhoven"),
    ("Gemeinde Inden", "Rathausstraße 1", "52459", "Inden"),
    ("Gemeinde Langerwehe", "Schönthaler Straße 4", "52379", "Langerwehe"),
    ("Gemeinde Merzenich", "Valdersweg 1", "52399", "Merzenich"),
    ("Gemeinde Niederzier", "Rathausstraße 8", "52382", "Niederzier"),
    ("Gemeinde Nörvenich", "Bahnhofstraße 25", "52388", "Nörvenich"),
    ("Gemeinde Titz", "Landstraße 4", "52445", "Titz"),
    ("Gemeinde Vettweiß", "Gereonstraße 14", "52391", "Vettweiß"),
    ("Gemeinde Kreuzau", "Bahnhofstraße 7", "52372", "Kreuzau"),
    ("Gemeinde Hürtgenwald", "August-Scholl-Straße 5", "52393", "Hürtgenwald"),
]

INVENTED_NAMES = [
    ("Herr", "Markus", "Berger"),
    ("Frau", "Sabine", "Hoffmann"),
    ("Herr", "Thomas", "Krämer"),
    ("Frau", "Claudia", "Wendt"),
    ("Herr", "Stefan", "Lorenz"),
    ("Frau", "Martina", "Sommer"),
    ("Herr", "Andreas", "Pohl"),
    ("Frau", "Birgit", "Engel"),
    ("Herr", "Frank", "Seidel"),
    ("Frau", "Katrin", "Vogt"),
    ("Herr", "Jörg", "Brandt"),
    ("Frau", "Anja", "Kühn"),
    ("Herr", "Dirk", "Winkler"),
    ("Frau", "Heike", "Lange"),
    ("Herr", "Ralf", "Hartmann"),
    ("Frau", "Susanne", "Franke"),
    ("Herr", "Michael", "Albrecht"),
    ("Frau", "Petra", "Schuster"),
]


def _slug(text):
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})
    return "".join(c for c in text.lower().translate(table) if c.isalnum() or c == "-")


def _dn_authorities():
    rows = []
    for name, street, plz, city in DN_MUNICIPALITIES:
        head = "Bürgermeister" if name.startswith(("Stadt", "Gemeinde")) else ""
        rows.append((name, K.CITY, street, plz, city, [(None, head, True)]))
    rows += [
        (
            "Kreis Düren – Kreisverwaltung",
            K.DISTRICT,
            "Bismarckstraße 16",
            "52351",
            "Düren",
            [
                (None, "Allgemeiner Vertreter des Landrates", True),
                (None, "Leiterin des Amtes für Sicherheit und Ordnung", False),
            ],
        ),
        (
            "Jugendamt Kreis Düren",
            K.YOUTH_WELFARE,
            "Bismarckstraße 16",
            "52351",
            "Düren",
            [(None, "Leiter des Jugendamtes", True)],
        ),
        (
            "Amtsgericht Düren",
            K.LOCAL_COURT,
            "August-Klotz-Straße 14",
            "52349",
            "Düren",
            [(None, "Direktorin des Amtsgerichts", True)],
        ),
        (
            "Amtsgericht Jülich",
            K.LOCAL_COURT,
            "Wilhelmstraße 15",
            "52428",
            "Jülich",
            [(None, "Direktor des Amtsgerichts", True)],
        ),
        (
            "Staatsanwaltschaft Aachen",
            K.PROSECUTION,
            "Mathieustraße 7",
            "52074",
            "Aachen",
            [(None, "Leitende Oberstaatsanwältin", True)],
        ),
        (
            "Finanzamt Düren",
            K.TAX,
            "Goethestraße 7",
            "52349",
            "Düren",
            [(None, "Vorsteher des Finanzamtes", True)],
        ),
        (
            "Finanzamt Jülich",
            K.TAX,
            "Wilhelmstraße 5",
            "52428",
            "Jülich",
            [(None, "Vorsteherin des Finanzamtes", True)],
        ),
        (
            "Hauptzollamt Aachen",
            K.CUSTOMS,
            "Hubert-Wienen-Straße 6",
            "52070",
            "Aachen",
            [(None, "Leiter des Hauptzollamtes", True)],
        ),
        (
            "Bundespolizeiinspektion Aachen",
            K.FEDERAL_POLICE,
            "Hackländerstraße 21",
            "52064",
            "Aachen",
            [(None, "Leiterin der Bundespolizeiinspektion", True)],
        ),
        (
            "Rurtalbahn GmbH",
            K.TRANSIT,
            "Kölner Landstraße 271",
            "52351",
            "Düren",
            [(None, "Geschäftsführer", True)],
        ),
    ]
    return rows


GE_AUTHORITIES = [
    (
        "Stadt Gelsenkirchen",
        K.CITY,
        "Hans-Sachs-Straße 1",
        "45879",
        "Gelsenkirchen",
        [
            (("Herr", "", "Frank", "Baranowski"), "Oberbürgermeister", True),
            (
                ("Herr", "", "Hans-Joachim", "Olbering"),
                "Leiter des Referates 32 – Öffentliche Sicherheit und Ordnung",
                True,
            ),
        ],
    ),
    (
        "Staatsanwaltschaft Essen",
        K.PROSECUTION,
        "Zweigertstraße 36-50",
        "45130",
        "Essen",
        [(None, "Leitender Oberstaatsanwalt", True)],
    ),
    (
        "Landgericht Essen",
        K.REGIONAL_COURT,
        "Zweigertstraße 52",
        "45130",
        "Essen",
        [(None, "Präsidentin des Landgerichts", True)],
    ),
    (
        "Amtsgericht Gelsenkirchen",
        K.LOCAL_COURT,
        "Bochumer Straße 79",
        "45886",
        "Gelsenkirchen",
        [(None, "Direktor des Amtsgerichts", True)],
    ),
    (
        "Hauptzollamt Dortmund",
        K.CUSTOMS,
        "Hohe Straße 117",
        "44139",
        "Dortmund",
        [(("Frau", "", "Iris", "Vermehr"), "Leiterin des Hauptzollamtes", True)],
    ),
    (
        "Bundespolizeiinspektion Dortmund",
        K.FEDERAL_POLICE,
        "Königswall 15",
        "44137",
        "Dortmund",
        [(("Herr", "", "Sven", "Srol"), "Leiter der Bundespolizeiinspektion", True)],
    ),
    (
        "BOGESTRA (Bochum-Gelsenkirchener Straßenbahnen AG)",
        K.TRANSIT,
        "Universitätsstraße 58",
        "44789",
        "Bochum",
        [(None, "Leiter Sicherheit und Service", True)],
    ),
    (
        "Vestische Straßenbahnen GmbH",
        K.TRANSIT,
        "Westerholter Straße 550",
        "45701",
        "Herten",
        [(None, "Geschäftsführer", True)],
    ),
]

LIP_AUTHORITIES = [
    (
        "Kreis Lippe – Kreisverwaltung",
        K.DISTRICT,
        "Felix-Fechenbach-Straße 5",
        "32756",
        "Detmold",
        [(None, "Verwaltungsvorstand Ordnung und Sicherheit", True)],
    ),
    (
        "Stadt Detmold",
        K.CITY,
        "Marktplatz 5",
        "32756",
        "Detmold",
        [(None, "Bürgermeister", True)],
    ),
    (
        "Stadt Lemgo",
        K.CITY,
        "Marktplatz 1",
        "32657",
        "Lemgo",
        [(None, "Bürgermeister", True)],
    ),
    (
        "Stadt Bad Salzuflen",
        K.CITY,
        "Rudolph-Brandes-Allee 19",
        "32105",
        "Bad Salzuflen",
        [(None, "Bürgermeister", True)],
    ),
    (
        "Bezirksregierung Detmold",
        K.REGIONAL_GOVERNMENT,
        "Leopoldstraße 15",
        "32756",
        "Detmold",
        [(None, "Leiterin der Abteilung 2", True)],
    ),
    (
        "Jugendamt Kreis Lippe",
        K.YOUTH_WELFARE,
        "Felix-Fechenbach-Straße 5",
        "32756",
        "Detmold",
        [(None, "Leiterin des Jugendamtes", True)],
    ),
    (
        "Jugendamt Stadt Detmold",
        K.YOUTH_WELFARE,
        "Marktplatz 5",
        "32756",
        "Detmold",
        [(None, "Leiter des Jugendamtes", True)],
    ),
    (
        "Bundespolizeiinspektion Münster",
        K.FEDERAL_POLICE,
        "Bahnhofstraße 1",
        "48143",
        "Münster",
        [(None, "Leiter der Bundespolizeiinspektion", True)],
    ),
    (
        "Staatsanwaltschaft Detmold",
        K.PROSECUTION,
        "Heinrich-Drake-Straße 1",
        "32756",
        "Detmold",
        [(None, "Leitender Oberstaatsanwalt", True)],
    ),
    (
        "Hauptzollamt Bielefeld",
        K.CUSTOMS,
        "Turnerstraße 3",
        "33602",
        "Bielefeld",
        [(None, "Leiterin des Hauptzollamtes", True)],
    ),
]

#: Who attended the seed conferences (by partner authority name).
#: (conference key → partner authorities present; None: everyone invited came)
ATTENDANCE = {
    "dn-2019": None,
    "ge-2019": None,
    "lip-2019": [
        "Kreis Lippe – Kreisverwaltung",
        "Stadt Detmold",
        "Stadt Lemgo",
        "Stadt Bad Salzuflen",
        "Bezirksregierung Detmold",
        "Jugendamt Kreis Lippe",
        "Jugendamt Stadt Detmold",
    ],
    "lip-2021": None,
}


#: Every authority has a police advisory board (Polizeibeirat), chaired by a
#: member of the district or city council.
ADVISORY_BOARD = (
    "Polizeibeirat",
    K.POLICE_ADVISORY_BOARD,
    "",
    "",
    "",
    [(None, "Vorsitzende des Polizeibeirats", True)],
)


def _demo_phone(number):
    """Numbers of the 0221 4710 block, which the Bundesnetzagentur keeps free
    for films and examples, so no real line is ever dialled."""
    return f"0221 4710{number % 1000:03d}"


def _with_deputies(rows):
    """Towns also name the head of the public order office (Ordnungsamt), the
    person the police deal with day to day."""
    result = []
    for name, kind, street, plz, city, contacts in rows:
        if kind == K.CITY:
            contacts = [*contacts, (None, "Leitung des Ordnungsamtes", False)]
        result.append((name, kind, street, plz, city, contacts))
    return result


def _gender(function):
    """ "Ms" or "Mr" when the German function names it ("Leiterin", "Leiter"),
    else ``None``; so that an invented person fits the function."""
    words = function.replace(",", " ").split()
    if words[0] == "Vorsitzende" or any(w.endswith(("in", "innen")) for w in words):
        return "Frau"
    if any(w.endswith(("er", "or", "walt")) for w in words[:2]):
        return "Herr"
    return None


class _Names:
    """The invented names in turn, the next of the right salutation."""

    def __init__(self):
        self.queue = INVENTED_NAMES * 6

    def next(self, salutation):
        for index, name in enumerate(self.queue):
            if salutation is None or name[0] == salutation:
                return self.queue.pop(index)
        raise LookupError(salutation)


def _load_address_book(police_authority, rows):
    names = _Names()
    phones = iter(range(1000))
    domain_base = _slug(police_authority.seat)
    rows = [
        *_with_deputies(rows),
        (
            f"{ADVISORY_BOARD[0]} {police_authority.short_name}",
            *ADVISORY_BOARD[1:],
        ),
    ]
    for name, kind, street, plz, city, contacts in rows:
        domain = f"{_slug(name.split('–')[0].split('(')[0].strip())}.example"
        authority, _ = upsert(
            Authority,
            police_authority=police_authority,
            name=name,
            defaults={
                "kind": kind,
                "street": street,
                "postal_code": plz,
                "city": city,
                "email": f"poststelle@{domain}",
                "phone": _demo_phone(next(phones)),
                "notes": f"Demo-Datensatz ({domain_base}).",
            },
        )
        for person, function, leadership in contacts:
            if not function:
                continue
            if person is None:
                salutation, first, last = names.next(_gender(function))
                title = ""
            else:
                salutation, title, first, last = person
            upsert(
                Contact,
                authority=authority,
                function=function,
                defaults={
                    "salutation": salutation,
                    "title": title,
                    "first_name": first,
                    "last_name": last,
                    "email": f"{_slug(first)}.{_slug(last)}@{domain}",
                    "phone": _demo_phone(next(phones)),
                    "is_leadership": leadership,
                },
            )


def load(demo):
    authorities = demo.authorities
    _load_address_book(authorities["DN"], _dn_authorities())
    _load_address_book(authorities["GE"], GE_AUTHORITIES)
    _load_address_book(authorities["LIP"], LIP_AUTHORITIES)
    for key, attended in ATTENDANCE.items():
        conference = demo.conferences[key]
        contacts = Contact.objects.filter(
            authority__police_authority=conference.police_authority,
            is_leadership=True,
        ).select_related("authority")
        if attended is not None:
            contacts = contacts.filter(authority__name__in=attended)
        for contact in contacts:
            upsert(
                Invitation,
                conference=conference,
                contact=contact,
                defaults={
                    "answer": Invitation.Answer.ACCEPTED,
                    "attended": True,
                    "sent_at": None,
                },
            )
