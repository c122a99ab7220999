"""Reads of the invitations: whom to invite (leadership, the previous
conference's invitees), answer counts and deadlines, the organiser to
contact, whom a notice goes to. No writes."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from konferenz.core.models import Conference
from teilnehmer.addressbook.models import Authority, Contact
from teilnehmer.invitations.models import Invitation

Answer = Invitation.Answer


def leadership_contacts(*, police_authority, authority_ids=(), kinds=()):
    """Leadership contacts with email of the chosen authorities or kinds."""
    contacts = (
        Contact.objects.for_tenant(police_authority)
        .active()
        .filter(is_leadership=True)
        .exclude(email="")
    )
    return contacts.filter(
        Q(authority_id__in=authority_ids) | Q(authority__kind__in=kinds)
    )


def invitees_chosen(conference, *, authorities, kinds, contacts, take_over):
    """The contacts chosen on the invitee page: the leadership of the chosen
    authorities and kinds, the contacts picked one by one and, with
    ``take_over``, the invitees of the previous conference."""
    chosen = list(
        leadership_contacts(
            police_authority=conference.police_authority,
            authority_ids=[a.pk for a in authorities],
            kinds=kinds,
        )
    )
    chosen += list(contacts)
    if take_over:
        chosen += list(contacts_of_previous_conference(conference))
    return chosen


def previous_conference(conference):
    """The authority's latest earlier conference that had invitations."""
    return (
        Conference.objects.for_tenant(conference.police_authority)
        .filter(
            Q(date__lt=conference.date) | Q(date=conference.date, pk__lt=conference.pk)
        )
        .filter(invitations__isnull=False)
        .order_by("-date", "-pk")
        .distinct()
        .first()
    )


def contacts_of_previous_conference(conference):
    """Invited (not walk-in, not deputy) contacts of the previous conference
    that are still active."""
    previous = previous_conference(conference)
    if previous is None:
        return Contact.objects.none()
    return (
        Contact.objects.active()
        .exclude(email="")
        .filter(
            invitations__conference=previous,
            invitations__walk_in=False,
            invitations__deputy_for__isnull=True,
        )
    )


def answer_counts(conference, *, rows=None):
    """Counts by answer and by authority kind (walk-ins are not invited): from
    the conference's invitations already loaded with their contact's authority
    (``rows``), else in two queries."""
    if rows is not None:
        pairs = {}
        for inv in rows:
            if not inv.walk_in:
                key = (inv.contact.authority.kind, inv.answer)
                pairs[key] = pairs.get(key, 0) + 1
        pairs = [(kind, answer, n) for (kind, answer), n in pairs.items()]
    else:
        invitations = Invitation.objects.filter(conference=conference, walk_in=False)
        pairs = invitations.values_list("contact__authority__kind", "answer").annotate(
            n=Count("pk")
        )
        pairs = list(pairs.order_by())
    kinds = dict(Authority.Kind.choices)
    by_answer = dict.fromkeys(Answer.values, 0)
    by_kind = {}
    for kind, answer, n in pairs:
        by_answer[answer] += n
        entry = by_kind.setdefault(
            kind,
            {
                "label": kinds.get(kind, kind),
                "total": 0,
                **dict.fromkeys(Answer.values, 0),
            },
        )
        entry[answer] += n
        entry["total"] += n
    return {
        "by_answer": by_answer,
        "total": sum(by_answer.values()),
        "by_kind": sorted(by_kind.values(), key=lambda e: str(e["label"])),
    }


def answer_deadline(conference, invitation=None):
    """The RSVP deadline that applies: a late invitee's own one, if later."""
    deadlines = [conference.rsvp_deadline]
    if invitation is not None:
        deadlines.append(invitation.rsvp_deadline)
    deadlines = [d for d in deadlines if d]
    return max(deadlines) if deadlines else None


def answer_deadline_passed(conference, now=None, *, invitation=None):
    """Answers may change until the end of the RSVP deadline (Berlin time),
    a late invitee's own deadline if later; without a deadline until the
    conference begins. A cancelled conference takes no answers."""
    if invitation is not None and conference.is_cancelled:
        return True
    now = timezone.localtime(now or timezone.now())
    deadline = answer_deadline(conference, invitation)
    if deadline:
        end = datetime.datetime.combine(deadline, datetime.time.max)
    else:
        end = datetime.datetime.combine(conference.date, conference.start_time)
    return now > timezone.make_aware(end)


def organiser_contact(invitation):
    """Whom a partner should contact: the sender of the invitation, else the
    police authority itself."""
    user = invitation.sent_by
    authority = invitation.conference.police_authority
    if user is not None:
        return {
            "name": user.get_full_name() or user.get_username(),
            "email": user.email,
            "authority": authority.name,
        }
    return {"name": "", "email": "", "authority": authority.name}


def notice_recipients(conference):
    """Whom a change or cancellation concerns by default: everyone who was
    sent an invitation and has not declined (and has an email address)."""
    return (
        Invitation.objects.filter(
            conference=conference, sent_at__isnull=False, walk_in=False
        )
        .exclude(answer=Answer.DECLINED)
        .exclude(contact__email="")
    )


def notice_candidates(conference):
    """Everyone a notice can go to: all who were sent an invitation."""
    return (
        Invitation.objects.filter(
            conference=conference, sent_at__isnull=False, walk_in=False
        )
        .exclude(contact__email="")
        .for_overview()
    )


def mail_allowed(conference):
    return not (conference.recorded_afterwards or conference.is_cancelled)
