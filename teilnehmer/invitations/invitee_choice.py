"""The address book as the page "Eingeladene auswählen" shows it: grouped by
kind of authority, filtered by a search, with who is already invited.

Two queries (contacts with their authority, invited contact ids) plus one for
the authorities, whatever the size of the address book.
"""

from dataclasses import dataclass, field

from teilnehmer.addressbook.models import Authority, Contact
from teilnehmer.invitations.models import Invitation
from teilnehmer.invitations.table import fold

MAX_QUERY = 100

_fold = fold


@dataclass
class AuthorityGroup:
    authority: Authority
    contacts: list = field(default_factory=list)

    @property
    def invited_count(self):
        return sum(1 for c in self.contacts if c.already_invited)


@dataclass
class KindGroup:
    kind: str
    label: str
    authorities: list = field(default_factory=list)


def clean_query(raw):
    # PostgreSQL cannot compare with NUL characters: they go, as on Einlass.
    return (raw or "").replace("\x00", "").strip()[:MAX_QUERY]


def address_book(*, conference, query=""):
    """Kind groups → authority groups → contacts (with ``already_invited``),
    limited to what matches ``query``; and the counts for the summary."""
    tenant = conference.police_authority
    invited = set(
        Invitation.objects.filter(conference=conference).values_list(
            "contact_id", flat=True
        )
    )
    authorities = list(
        Authority.objects.for_tenant(tenant).active().order_by("name", "pk")
    )
    contacts = (
        Contact.objects.for_tenant(tenant)
        .active()
        .exclude(email="")
        .order_by("last_name", "first_name", "pk")
    )
    by_authority = {a.pk: AuthorityGroup(authority=a) for a in authorities}
    total = 0
    already = 0
    for contact in contacts:
        group = by_authority.get(contact.authority_id)
        if group is None:
            continue
        contact.already_invited = contact.pk in invited
        total += 1
        already += contact.already_invited
        group.contacts.append(contact)

    words = [_fold(word) for word in query.split()]
    labels = dict(Authority.Kind.choices)
    kinds = {}
    for group in by_authority.values():
        authority = group.authority
        label = str(labels.get(authority.kind, authority.kind))
        if words:
            place = _fold(authority.name)
            if not all(word in place for word in words):
                group.contacts = [
                    c
                    for c in group.contacts
                    if all(
                        word in f"{place} {_fold(c.full_name)} {_fold(c.function)}"
                        for word in words
                    )
                ]
                if not group.contacts:
                    continue
        kinds.setdefault(
            authority.kind, KindGroup(kind=authority.kind, label=label)
        ).authorities.append(group)
    order = {kind: n for n, kind in enumerate(Authority.Kind.values)}
    groups = sorted(kinds.values(), key=lambda g: order.get(g.kind, len(order)))
    return {"groups": groups, "total": total, "already": already}
