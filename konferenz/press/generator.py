"""Drafts a press release in ots form from a conference's public facts.

Only public facts go in: the conference's metadata, who attended (partner
authorities, never persons), the public agenda topics and public decisions —
both fetched through the classification selector with the PUBLIC audience.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from konferenz.core.i18n import document_text
from konferenz.press import german
from konferenz.press.facts import public_decisions, public_topics
from teilnehmer.addressbook.models import Authority
from teilnehmer.invitations.models import Invitation

K = Authority.Kind

MUNICIPAL = {K.CITY, K.YOUTH_WELFARE, K.IMMIGRATION}

#: How attending authorities are grouped in the text, in this order; the
#: last group has no introduction ("… sowie der Polizeibeirat").
GROUPS = [
    ("aus der Justiz", {K.PROSECUTION, K.REGIONAL_COURT, K.LOCAL_COURT, K.PRISON}),
    ("municipal", MUNICIPAL | {K.DISTRICT}),
    (
        "von Bund und Land",
        {K.FEDERAL_POLICE, K.CUSTOMS, K.TAX, K.REGIONAL_GOVERNMENT, K.POLICE},
    ),
    ("aus dem öffentlichen Nahverkehr", {K.TRANSIT}),
    ("", {K.FIRE_BRIGADE, K.POLICE_ADVISORY_BOARD, K.OTHER}),
]


def _municipal_intro(kinds):
    """Named after the kinds that were actually there."""
    if kinds <= MUNICIPAL:
        return "aus der Kommunalverwaltung"
    if kinds == {K.DISTRICT}:
        return "aus der Kreisverwaltung"
    return "aus den Kommunen und der Kreisverwaltung"


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
    #: "Funktion Name (Behörde)" of the guests present, when the press office
    #: chose to name them (with their consent).
    guests: list = field(default_factory=list)


def collect_facts(conference, *, with_guests=False):
    """The public facts of ``conference`` (which carries ``sequence``)."""

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
        guests=_guests(attended) if with_guests else [],
    )


def _guests(attended):
    guests = []
    for invitation in attended.select_related("contact__authority").order_by(
        "contact__authority__name", "contact__last_name"
    ):
        contact = invitation.contact
        who = " ".join(p for p in (contact.function, contact.formal_name) if p)
        guests.append(f"{who} ({contact.authority.name})")
    return guests


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
        present = [a for a in facts.attending if a.kind in kinds]
        if not present:
            continue
        if intro == "municipal":
            intro = _municipal_intro({a.kind for a in present})
        names = german.join([german.with_article(a.name) for a in present])
        groups.append(f"{intro} {names}" if intro else names)
    if not groups:
        return ""
    sentence = f"Vertreten waren {german.join(groups, last='sowie')}."
    if facts.guests:
        sentence += f" Zu den Gästen gehörten {german.join(facts.guests)}."
    return sentence


def topics(facts):
    sentences = []
    if facts.topics:
        sentences.append(german.topics_sentence(facts.topics))
    if facts.decisions:
        if len(facts.decisions) == 1:
            sentences.append(
                german.sentence(f"Gemeinsam vereinbart wurde: {facts.decisions[0]}")
            )
        else:
            items = "; ".join(d.strip().rstrip(".") for d in facts.decisions)
            sentences.append(f"Gemeinsam vereinbart wurden: {items}.")
    return " ".join(sentences)


def closing(facts):
    # Only a conference planned for the coming year is announced; a plan
    # years ahead (e.g. in old records) is no news.
    if facts.next_year and facts.next_year <= facts.conference.date.year + 1:
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


def ots_text(*, title, place_line, body, police_authority, release_date):
    """The plain text exactly in ots layout, as sent to news aktuell: date
    line, title, place line, body, contact, origin; CRLF line ends."""
    contact = police_authority.press_contact.strip()
    parts = [f"{release_date:%d.%m.%Y}", title, place_line, body.strip()]
    if contact:
        parts += [document_text(gettext_lazy("Enquiries to:")), contact]
    parts.append(
        document_text(
            gettext_lazy(
                "Original content by: %(sender)s, transmitted by news aktuell"
            ),
            sender=police_authority.short_name,
        )
    )
    text = "\n\n".join(parts) + "\n"
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
