"""Drafts a press release in ots form from a conference's public facts.

Only public facts go in: the conference's metadata, who attended (partner
authorities, never persons), the public agenda topics and public decisions —
both fetched through the classification selector with the PUBLIC audience.
"""

from dataclasses import dataclass, field

from konferenz.press import german
from teilnehmer.models import Authority, Invitation

K = Authority.Kind

#: How attending authorities are grouped in the text, in this order.
GROUPS = [
    ("aus der Justiz", {K.PROSECUTION, K.REGIONAL_COURT, K.LOCAL_COURT, K.PRISON}),
    (
        "aus den Kommunen und der Kreisverwaltung",
        {K.CITY, K.DISTRICT, K.YOUTH_WELFARE, K.IMMIGRATION},
    ),
    (
        "von Bund und Land",
        {K.FEDERAL_POLICE, K.CUSTOMS, K.TAX, K.REGIONAL_GOVERNMENT, K.POLICE},
    ),
    ("aus dem öffentlichen Nahverkehr", {K.TRANSIT}),
    ("außerdem", {K.FIRE_BRIGADE, K.POLICE_ADVISORY_BOARD, K.OTHER}),
]

KIND_ADJECTIVE = {
    "main": "",
    "municipal": "kommunale",
    "thematic": "thematische",
    "extraordinary": "außerordentliche",
}


@dataclass
class PressFacts:
    """Everything the generator may use: public facts only."""

    conference: object
    sequence: int
    attending: list = field(default_factory=list)  # Authority objects
    participant_count: int = 0
    topics: list = field(default_factory=list)  # public agenda item titles
    decisions: list = field(default_factory=list)  # public decision texts
    next_year: int | None = None


def collect_facts(conference):
    """The public facts of ``conference`` (which carries ``sequence``)."""
    from tagesordnung.press import public_decisions, public_topics

    attended = Invitation.objects.filter(conference=conference, attended=True)
    authority_ids = attended.values("contact__authority_id")
    attending = list(
        Authority.objects.filter(pk__in=authority_ids)
        .order_by("name")
        .only("name", "kind")
    )
    later = (
        type(conference)
        .objects.filter(
            police_authority=conference.police_authority, date__gt=conference.date
        )
        .exclude(status="cancelled")
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    return PressFacts(
        conference=conference,
        sequence=conference.sequence,
        attending=attending,
        participant_count=attended.count(),
        topics=public_topics(conference),
        decisions=public_decisions(conference),
        next_year=later.year if later else None,
    )


def _conference_noun(kind, sequence, *, dative):
    adjective = KIND_ADJECTIVE.get(kind, "")
    if adjective and dative:
        adjective += "n"
    words = [german.ordinal(sequence, dative=dative) if sequence else "", adjective]
    return " ".join(w for w in [*words, "Sicherheitskonferenz"] if w)


def title(facts, *, use_prefix=True):
    conference = facts.conference
    pa = conference.police_authority
    noun = _conference_noun(conference.kind, facts.sequence, dative=False)
    text = f"{noun[:1].upper()}{noun[1:]} {german.in_area(pa.area)}"
    return f"{pa.press_prefix}: {text}" if use_prefix else text


def place_line(facts):
    return f"{facts.conference.police_authority.area} (ots)"


def _host_phrase(conference):
    name = conference.host_name or conference.police_authority.head_name
    function = conference.host_function or conference.police_authority.head_title
    if conference.host_represents:
        return (
            f"In Vertretung {conference.host_represents} begrüßte {name}, {function},"
        )
    if function and name:
        return f"{function} {name} begrüßte"
    return f"{name or function} begrüßte"


def lead(facts):
    conference = facts.conference
    pa = conference.police_authority
    where = (
        "per Videokonferenz"
        if conference.mode == "video"
        else german.at_venue(conference.venue_name)
        if conference.venue_name
        else ""
    )
    if facts.participant_count:
        whom = (
            f"{facts.participant_count} Vertreterinnen und Vertreter von Behörden "
            "und Organisationen mit Sicherheitsaufgaben"
        )
    else:
        whom = "die Leitungen der Behörden und Organisationen mit Sicherheitsaufgaben"
    noun = _conference_noun(conference.kind, facts.sequence, dative=True)
    parts = [
        _host_phrase(conference),
        f"am {german.weekday_date(conference.date)},",
        where,
        whom,
        f"zur {noun} {german.in_area(pa.area)}.",
    ]
    sentence = " ".join(p for p in parts if p)
    return sentence.replace(", ,", ",")


def participants(facts):
    groups = []
    for intro, kinds in GROUPS:
        names = [
            german.with_article(a.name) for a in facts.attending if a.kind in kinds
        ]
        if names:
            groups.append(f"{intro} {german.join(names)}")
    if not groups:
        return ""
    return f"Vertreten waren {german.join(groups, last='sowie')}."


def topics(facts):
    sentences = []
    if facts.topics:
        sentences.append(
            f"Auf der Tagesordnung standen {german.join(facts.topics, last='sowie')}."
        )
    if facts.decisions:
        if len(facts.decisions) == 1:
            sentences.append(f"Gemeinsam vereinbart wurde: {facts.decisions[0]}")
        else:
            items = "; ".join(d.rstrip(".") for d in facts.decisions)
            sentences.append(f"Gemeinsam vereinbart wurden: {items}.")
    return " ".join(sentences)


def closing(facts):
    if facts.next_year:
        return (
            f"Die nächste Sicherheitskonferenz ist für das Jahr {facts.next_year} "
            "vorgesehen."
        )
    return ""


def quote_paragraph(quote):
    who = f"{quote.function} {quote.person}".strip() if quote.function else quote.person
    text = quote.text.strip().strip('„“"')
    return f"„{text}“, so {who}."


def body(facts, quotes=()):
    """The body: lead, quotes, participants, topics, closing; blank-line separated."""
    by_place = {}
    for quote in quotes:
        by_place.setdefault(quote.placement, []).append(quote_paragraph(quote))
    paragraphs = [
        " ".join(p for p in (lead(facts), participants(facts)) if p),
        *by_place.get("after_lead", []),
        topics(facts),
        *by_place.get("after_topics", []),
        closing(facts),
        *by_place.get("end", []),
    ]
    return "\n\n".join(p for p in paragraphs if p)


def ots_text(*, title, place_line, body, police_authority):
    """The plain text exactly in ots layout, as sent to news aktuell."""
    contact = police_authority.press_contact.strip()
    parts = [title, place_line, body.strip()]
    if contact:
        parts += ["Rückfragen bitte an:", contact]
    parts.append(
        f"Original-Content von: {police_authority.short_name}, "
        "übermittelt durch news aktuell"
    )
    return "\n\n".join(parts) + "\n"
