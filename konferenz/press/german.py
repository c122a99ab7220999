"""Small pieces of German grammar for generated press releases."""

import datetime
import re

from django.utils import formats, translation

ORDINALS = {
    1: "erste",
    2: "zweite",
    3: "dritte",
    4: "vierte",
    5: "fünfte",
    6: "sechste",
    7: "siebte",
    8: "achte",
    9: "neunte",
    10: "zehnte",
    11: "elfte",
    12: "zwölfte",
}


def ordinal(n: int, *, dative: bool = False) -> str:
    """“erste”, “zweite” … (“ersten” in the dative); from 13 on “13.”."""
    word = ORDINALS.get(n)
    if word is None:
        return f"{n}."
    return word + "n" if dative else word


def join(items, *, last: str = "und") -> str:
    """“A”, “A und B”, “A, B und C”."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def sentence(text: str) -> str:
    """``text`` ending with a full stop (or its own ! or ?)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def weekday_date(date: datetime.date) -> str:
    """“Mittwoch, den 30.10.2019”."""
    with translation.override("de"):
        weekday = formats.date_format(date, "l")
    return f"{weekday}, den {date:%d.%m.%Y}"


# Grammatical gender of the head noun of an authority's name (nominative article).
_ARTICLE_BY_WORD = {
    "die": (
        "Stadt",
        "Gemeinde",
        "Kreisverwaltung",
        "Staatsanwaltschaft",
        "Generalstaatsanwaltschaft",
        "Ausländerbehörde",
        "Bundespolizei",
        "Bundespolizeiinspektion",
        "Bundespolizeidirektion",
        "Justizvollzugsanstalt",
        "Bezirksregierung",
        "Feuerwehr",
        "Polizei",
        "Kreispolizeibehörde",
        "Steuerfahndung",
        "Berufsfeuerwehr",
        "Verwaltung",
        "Behörde",
    ),
    "das": (
        "Landgericht",
        "Amtsgericht",
        "Oberlandesgericht",
        "Jugendamt",
        "Ordnungsamt",
        "Hauptzollamt",
        "Zollamt",
        "Zollfahndungsamt",
        "Finanzamt",
        "Schulamt",
        "Polizeipräsidium",
        "Landeskriminalamt",
        "Bundeskriminalamt",
        "THW",
        "Technische",
        "Amt",
    ),
    "der": ("Kreis", "Zoll", "Polizeibeirat", "Landkreis", "Rhein-Kreis"),
}
#: Article by the ending of the head noun (compounds: "Sicherheitskooperation").
_ARTICLE_BY_ENDING = (
    (
        "die",
        (
            "ung",
            "schaft",
            "ion",
            "tät",
            "behörde",
            "anstalt",
            "wacht",
            "bahn",
            "polizei",
            "feuerwehr",
            "kammer",
            "betriebe",
            "werke",
            "stadtwerke",
        ),
    ),
    ("das", ("amt", "gericht", "präsidium", "ministerium", "zentrum", "büro")),
    ("der", ("beirat", "rat", "verband", "verein", "dienst", "betrieb", "bund")),
)
_COMPANY_SUFFIXES = ("GmbH", "AG", "mbH", "GmbH)", "AG)", "KG", "AöR", "e. V.", "e.V.")


def article(name: str) -> str:
    """The nominative definite article for an authority's name, or “”."""
    words = name.replace("–", " ").split()
    if not words:
        return ""
    first = words[0]
    for art, nouns in _ARTICLE_BY_WORD.items():
        if first in nouns:
            return art
    if first.endswith(("kreis", "-Kreis")):
        return "der"
    for art, endings in _ARTICLE_BY_ENDING:
        if first.lower().endswith(endings):
            return art
    if any(w in _COMPANY_SUFFIXES for w in words) or "(" in name:
        return "die"
    return ""


def with_article(name: str) -> str:
    art = article(name)
    return f"{art} {name}" if art else name


def in_area(area: str) -> str:
    """“im Kreis Düren”, “im Märkischen Kreis”, “in Gelsenkirchen”."""
    words = area.split()
    if not any(w == "Kreis" or w.endswith(("kreis", "-Kreis")) for w in words):
        return f"in {area}"
    declined = []
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if following == "Kreis" and word.endswith("er"):
            word = word[:-2] + "en"  # adjective in the dative: Märkischer → Märkischen
        declined.append(word)
    return "im " + " ".join(declined)


_FEMININE_VENUES = (
    "halle",
    "verwaltung",
    "akademie",
    "schule",
    "kaserne",
    "residenz",
    "wache",
    "burg",
    "villa",
    "kirche",
    "arena",
    "bibliothek",
)


def at_venue(venue: str) -> str:
    """“im Kreishaus Düren”, “in der Stadthalle Lemgo”."""
    first = venue.split()[0].lower() if venue.split() else ""
    if first.endswith(_FEMININE_VENUES):
        return f"in der {venue}"
    return f"im {venue}"


# --- agenda topics as a German list ----------------------------------------

#: Article of a topic's head noun (the nouns agenda titles start with).
_TOPIC_ARTICLE_BY_WORD = {
    "der": (
        "Vortrag",
        "Bericht",
        "Sachstand",
        "Überblick",
        "Ausblick",
        "Austausch",
        "Schutz",
        "Hauptbahnhof",
        "Bahnhof",
        "Hafen",
        "Wohnungseinbruch",
        "Einbruch",
        "Drogenhandel",
        "Jahresbericht",
    ),
    "das": (
        "Lagebild",
        "Thema",
        "Projekt",
        "Konzept",
        "Netzwerk",
        "Sicherheitsgefühl",
        "Sicherheitsprogramm",
        "Programm",
        "Rauschgift",
        "Hausrecht",
    ),
}
_TOPIC_ARTICLE_BY_ENDING = (
    (
        "die",
        (
            "ung",
            "ungen",
            "schaft",
            "schaften",
            "heit",
            "heiten",
            "keit",
            "keiten",
            "ion",
            "ionen",
            "tät",
            "täten",
            "ik",
            "lage",
            "lagen",
            "strategie",
            "kriminalität",
            "unfälle",
            "gewalt",
            "prävention",
            "kontrolle",
            "kontrollen",
        ),
    ),
    ("der", ("bereich", "bericht", "vortrag", "schutz", "einbruch", "verkehr")),
    ("das", ("lagebild", "konzept", "projekt", "programm", "thema", "netzwerk")),
)
_FOLLOWERS = {"und", "sowie", "oder"}


def _head_article(word):
    """The article of a topic's head noun, or “”."""
    for art, words in _TOPIC_ARTICLE_BY_WORD.items():
        if word in words:
            return art
    for art, endings in _TOPIC_ARTICLE_BY_ENDING:
        if word.lower().endswith(endings):
            return art
    return ""


def _head(words):
    """Index of the head noun: “Kriminal- und Verkehrsunfallstatistik” has
    its head after the truncated first part."""
    i = 0
    while i < len(words) and (words[i].endswith("-") or words[i] in _FOLLOWERS):
        i += 1
    return i


def _quoted(text):
    """„text“, with quotation marks inside it turned into ‚…‘."""
    if re.fullmatch(r"[„\"][^„“\"]*[“\"]", text):
        text = text[1:-1]  # quoted already
    text = re.sub(r'"([^"]*)"', r"‚\1‘", text)
    text = text.replace("„", "‚").replace("“", "‘").replace('"', "")
    return f"„{text}“"


def _with_article(text):
    """“die Clankriminalität”, “die allgemeine Sicherheitslage …”, or “”."""
    words = text.split()
    head = _head(words)
    if head >= len(words):
        return ""
    art = _head_article(words[head])
    if art:
        return f"{art} {text}"
    # An adjective before the noun (“Allgemeine Sicherheitslage”): lower-case
    # after the article, which the noun decides; only the -e ending, which
    # is the same for der, die and das in the nominative.
    if head == 0 and len(words) > 1 and words[0].endswith("e"):
        art = _head_article(words[1])
        if art and words[1][:1].isupper():
            return " ".join([art, words[0].lower(), *words[1:]])
    return ""


def topic_phrase(title):
    """An agenda title as a noun phrase in a sentence: with its article
    (“die Clankriminalität”, “der Vortrag „…“”), a heading with a colon or
    semicolon as head and focal points (“die Behördenstrategie mit den
    Schwerpunkten „A“ und „B“”), otherwise quoted (“das Thema „…“”)."""
    text = " ".join(title.split()).strip(" .,:;")
    head, colon, rest = text.partition(":")
    if colon:
        points = [p.strip(" .,;") for p in rest.split(";") if p.strip(" .,;")]
        subject = _with_article(head.strip()) or f"das Thema {_quoted(head.strip())}"
        if not points:
            return subject
        noun = "dem Schwerpunkt" if len(points) == 1 else "den Schwerpunkten"
        return f"{subject} mit {noun} {join([_quoted(p) for p in points])}"
    if ";" not in text and '"' not in text and not text.startswith("„"):
        with_article = _with_article(text)
        if with_article:
            return with_article
    return f"das Thema {_quoted(text.replace(';', ','))}"


def topics_sentence(titles):
    """“Auf der Tagesordnung standen A, B sowie C.” (“stand” for one topic)."""
    phrases = [topic_phrase(t) for t in titles if t.strip(" .,:;")]
    if not phrases:
        return ""
    verb = "stand" if len(phrases) == 1 else "standen"
    return f"Auf der Tagesordnung {verb} {join(phrases, last='sowie')}."
