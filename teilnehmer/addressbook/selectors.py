"""Reads of the address book that pages share."""

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from teilnehmer.addressbook.models import Authority, Contact
from teilnehmer.invitations.models import Invitation

#: Fields that are bookkeeping, not content: never shown as a change.
HIDDEN_HISTORY_FIELDS = {"id", "created_at", "updated_at", "version"}

#: Names at least this similar (difflib ratio, normalised) count as near-identical.
SIMILAR_NAME_RATIO = 0.85


def authority_list(*, police_authority, query="", kind="", status="active"):
    """The authorities of the list page and of the export, with contact counts."""
    qs = Authority.objects.for_tenant(police_authority)
    if status == "active":
        qs = qs.filter(active=True)
    elif status == "inactive":
        qs = qs.filter(active=False)
    if kind:
        qs = qs.filter(kind=kind)
    query = query.strip()
    if query:
        # Only this tenant's contacts, found by their authorities' ids (read
        # first): with a join, PostgreSQL's planner scans the contacts of all
        # 47 address books with every LIKE (76 ms on the bench data); with the
        # ids it reads the tenant's contacts by index (3 ms).
        own = list(
            Authority.objects.for_tenant(police_authority).values_list("pk", flat=True)
        )
        matching_contacts = (
            Contact.objects.filter(authority_id__in=own)
            .filter(
                Q(last_name__icontains=query)
                | Q(first_name__icontains=query)
                | Q(function__icontains=query)
                | Q(email__icontains=query)
            )
            .values("authority_id")
        )
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(city__icontains=query)
            | Q(postal_code__startswith=query)
            | Q(pk__in=matching_contacts)
        )
    # A correlated subquery rather than JOIN + GROUP BY, so that the
    # paginator's COUNT(*) stays a plain count over the authorities.
    active_contacts = (
        Contact.objects.filter(authority=OuterRef("pk"), active=True)
        .order_by()
        .values("authority")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(contact_count=Coalesce(Subquery(active_contacts), 0)).order_by(
        "name", "pk"
    )


def normalise_name(name):
    """``"Stadt  Düren – Ordnungsamt"`` → ``"stadt düren ordnungsamt"``."""
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def is_similar_name(a, b):
    a, b = normalise_name(a), normalise_name(b)
    if not a or not b:
        return False
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b)
    # The cheap upper bounds first: most pairs are rejected without ratio().
    return (
        matcher.real_quick_ratio() >= SIMILAR_NAME_RATIO
        and matcher.quick_ratio() >= SIMILAR_NAME_RATIO
        and matcher.ratio() >= SIMILAR_NAME_RATIO
    )


def similar_authorities(*, police_authority, name, exclude_pk=None, candidates=None):
    """Authorities of the tenant whose name is (nearly) the same as ``name``."""
    if candidates is None:
        candidates = Authority.objects.for_tenant(police_authority).only("pk", "name")
    return [
        a for a in candidates if a.pk != exclude_pk and is_similar_name(a.name, name)
    ]


def duplicate_contacts(
    *, police_authority, authority, first_name, last_name, email, exclude_pk=None
):
    """Contacts with the same email (anywhere) or name (same authority)."""
    condition = Q(
        authority=authority,
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
    )
    if email.strip():
        condition |= Q(email__iexact=email.strip())
    return list(
        Contact.objects.for_tenant(police_authority)
        .filter(condition, anonymised_at__isnull=True)
        .exclude(pk=exclude_pk)
        .select_related("authority")
    )


@dataclass
class DuplicatePair:
    first: Contact
    second: Contact
    reason: str


def duplicate_contact_pairs(*, police_authority):
    """Pairs of contacts that look like the same person, for the merge page."""
    contacts = list(
        Contact.objects.for_tenant(police_authority)
        .filter(anonymised_at__isnull=True)
        .select_related("authority")
        .order_by("pk")
    )
    by_email, by_name = {}, {}
    pairs, seen = [], set()
    for contact in contacts:
        keys = []
        if contact.email:
            keys.append((by_email, contact.email.casefold(), _("same email")))
        keys.append(
            (
                by_name,
                (
                    contact.authority_id,
                    contact.first_name.casefold(),
                    contact.last_name.casefold(),
                ),
                _("same name in the same authority"),
            )
        )
        for index, key, reason in keys:
            earlier = index.setdefault(key, [])
            for other in earlier:
                if (other.pk, contact.pk) not in seen:
                    seen.add((other.pk, contact.pk))
                    pairs.append(DuplicatePair(other, contact, reason))
            earlier.append(contact)
    return pairs


def invitation_history(*, authority):
    """Invitations of the authority's contacts, newest conference first."""
    return (
        Invitation.objects.for_tenant(authority.police_authority_id)
        .filter(contact__authority=authority)
        .select_related("conference", "contact")
        .order_by("-conference__date", "contact__last_name")
    )


@dataclass
class HistoryEntry:
    date: object
    user: object
    action: str
    label: str
    changes: list = field(default_factory=list)


def _display(record, model_field):
    value = getattr(record, model_field.attname)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value in (None, ""):
        return "–"
    return str(value)


def _entries(records, model, label):
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN_HISTORY_FIELDS and not f.is_relation
    ]
    previous = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            for f in fields:
                if getattr(before, f.attname) != getattr(record, f.attname):
                    changes.append(
                        (f.verbose_name, _display(before, f), _display(record, f))
                    )
            if not changes:
                previous[record.id] = record
                continue
        previous[record.id] = record
        action = {"+": _("created"), "~": _("changed"), "-": _("deleted")}[
            record.history_type
        ]
        entries.append(
            HistoryEntry(
                record.history_date, record.history_user, action, label(record), changes
            )
        )
    return entries


def authority_history(*, authority, limit=50):
    """Who changed what and when, for the authority and its contacts."""
    authority_records = authority.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    contact_records = (
        Contact.history.filter(authority_id=authority.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = _entries(authority_records, Authority, lambda r: r.name)
    entries += _entries(
        contact_records,
        Contact,
        lambda r: (
            " ".join(p for p in (r.first_name, r.last_name) if p) or _("contact person")
        ),
    )
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit]


def contact_history(*, contact, limit=50):
    records = contact.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    entries = _entries(records, Contact, lambda r: contact.full_name)
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit]


def contact_personal_records(*, contact):
    """The rows behind an information request: invitations and history."""
    invitations = list(
        contact.invitations.select_related("conference").order_by("conference__date")
    )
    history = list(
        contact.history.select_related("history_user").order_by("history_date")
    )
    return invitations, history


def contact_personal_data(*, contact):
    """Everything stored about one person, for an information request (Art. 15)."""
    invitations, history = contact_personal_records(contact=contact)
    return {
        "person": {
            "salutation": contact.salutation,
            "title": contact.title,
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "function": contact.function,
            "email": contact.email,
            "phone": contact.phone,
            "leadership": contact.is_leadership,
            "active": contact.active,
            "created_at": contact.created_at.isoformat(),
            "updated_at": contact.updated_at.isoformat(),
        },
        "authority": {
            "name": contact.authority.name,
            "kind": contact.authority.get_kind_display(),
            "address": " ".join(
                p
                for p in (
                    contact.authority.street,
                    contact.authority.postal_code,
                    contact.authority.city,
                )
                if p
            ),
        },
        "invitations": [
            {
                "conference": inv.conference.title,
                "date": inv.conference.date.isoformat(),
                "sent_at": inv.sent_at.isoformat() if inv.sent_at else None,
                "answer": inv.get_answer_display(),
                "answered_at": inv.answered_at.isoformat() if inv.answered_at else None,
                "deputy_name": inv.deputy_name,
                "deputy_function": inv.deputy_function,
                "deputy_email": inv.deputy_email,
                "comment": inv.comment,
                "attended": inv.attended,
            }
            for inv in invitations
        ],
        "history": [
            {
                "date": record.history_date.isoformat(),
                "action": record.get_history_type_display(),
                "by": record.history_user.get_full_name()
                if record.history_user
                else None,
                "first_name": record.first_name,
                "last_name": record.last_name,
                "function": record.function,
                "email": record.email,
                "phone": record.phone,
            }
            for record in history
        ],
    }


def signin_rows(conference):
    """The rows of the sign-in sheet: every invitee who may come — not those
    who declined or sent a deputy (the deputy has a row of their own) unless
    they were checked in after all."""
    return list(
        Invitation.objects.filter(conference=conference)
        .without_absent(Invitation.Answer.DECLINED, Invitation.Answer.DEPUTY)
        .for_overview()
    )
