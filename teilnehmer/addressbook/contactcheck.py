"""The yearly contact check (issue 34; Art. 5 (1) d GDPR: personal data must
be accurate and kept up to date).

Per partner authority the organiser – or once a year the reminder
(``manage.py contact_check_reminders``, the month per police authority in
``ContactCheckSettings``) – sends each listed contact person a link
(teilnehmer/invitations/tokens.py: HMAC of a random secret under the link
key, only its hash stored). Behind it the person confirms their name,
function, email and phone, corrects them, or names their successor. A
confirmation is recorded at once; a correction or a successor is a proposal
the organiser accepts or rejects, as with deputies. Contacts not confirmed
for ``unconfirmed_months`` are marked in the address book and before
invitations are sent.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from konferenz.core import outbox, ratelimit
from konferenz.core.i18n import document_text
from konferenz.core.locking import bump
from teilnehmer.addressbook.models import Contact, ContactCheck, ContactCheckSettings
from teilnehmer.invitations import tokens

OUTBOX_CONTACT_CHECK = "addressbook.contact_check"
#: the data a person confirms or corrects
FIELDS = ("first_name", "last_name", "function", "email", "phone")
#: a contact asked within this many days is not asked again by the reminder
REMINDER_GAP_DAYS = 330

Answer = ContactCheck.Answer
Decision = ContactCheck.Decision


class ContactCheckError(Exception):
    """A contact-check action not allowed now; the message is for the user."""


# --- reads -------------------------------------------------------------------


def settings_for(police_authority) -> ContactCheckSettings:
    """The police authority's settings (the defaults until it saved its own)."""
    found = ContactCheckSettings.objects.filter(
        police_authority=police_authority
    ).first()
    return found or ContactCheckSettings(police_authority=police_authority)


def unconfirmed_cutoff(police_authority, now=None):
    months = settings_for(police_authority).unconfirmed_months
    return (now or timezone.now()) - datetime.timedelta(days=months * 365 // 12)


def unconfirmed_condition(cutoff, prefix=""):
    """Contacts whose data were last confirmed (or, never confirmed, entered)
    before ``cutoff``."""
    return Q(**{f"{prefix}confirmed_at__lt": cutoff}) | Q(
        **{f"{prefix}confirmed_at__isnull": True, f"{prefix}created_at__lt": cutoff}
    )


def unconfirmed_contacts(police_authority, now=None):
    cutoff = unconfirmed_cutoff(police_authority, now)
    return (
        Contact.objects.for_tenant(police_authority)
        .active()
        .filter(anonymised_at__isnull=True)
        .filter(unconfirmed_condition(cutoff))
        .select_related("authority")
        .order_by("authority__name", "last_name", "first_name")
    )


def mark_unconfirmed(contacts, police_authority, now=None):
    """Set ``unconfirmed`` on each active contact (for the pages that list
    them); a contact no longer active is not asked any more."""
    cutoff = unconfirmed_cutoff(police_authority, now)
    for contact in contacts:
        since = contact.confirmed_at or contact.created_at
        contact.unconfirmed = (
            contact.active
            and not contact.anonymised_at
            and since is not None
            and since < cutoff
        )
    return contacts


def awaiting_decision(police_authority):
    """Corrections and successors proposed through a link, not decided yet."""
    return (
        ContactCheck.objects.for_tenant(police_authority)
        .filter(answer__in=(Answer.CORRECTED, Answer.SUCCESSOR))
        .filter(decision=Decision.PENDING)
        .select_related("contact__authority")
        .order_by("answered_at", "pk")
    )


def checks_of_authority(authority):
    """The history of the authority's contact checks, newest first."""
    return ContactCheck.objects.filter(contact__authority=authority).select_related(
        "contact", "requested_by", "decided_by"
    )[:50]


def link_expires_at(check):
    return check.requested_at + datetime.timedelta(days=settings.SIKO_FOLLOW_UP_DAYS)


def check_for_link(digest):
    """The check of a live link with hash ``digest``, or ``None``."""
    if not digest:
        return None
    check = (
        ContactCheck.objects.select_related("contact__authority__police_authority")
        .filter(token_hash=digest)
        .first()
    )
    if check is None or not tokens.hashes_match(check.token_hash, digest):
        return None
    if timezone.now() > link_expires_at(check) or check.contact.anonymised_at:
        return None
    return check


# --- writes ------------------------------------------------------------------


def _send(contacts, *, user, now):
    """A new check with a new link for each contact (an open link before it
    dies); their mails through the outbox."""
    contacts = [c for c in contacts if c.email and c.active and not c.anonymised_at]
    if not contacts:
        return []
    ContactCheck.objects.filter(
        contact__in=contacts, decision=Decision.PENDING, answer=Answer.OPEN
    ).update(link_secret="", token_hash="")
    checks = []
    for contact in contacts:
        secret = tokens.new_secret()
        checks.append(
            ContactCheck.objects.create(
                contact=contact,
                requested_at=now,
                requested_by=user,
                link_secret=secret,
                token_hash=tokens.token_hash(tokens.derive(secret)),
            )
        )
    outbox.queue_many(OUTBOX_CONTACT_CHECK, [{"check_id": c.pk} for c in checks])
    return checks


@transaction.atomic
def authority_contact_check(*, authority, user, now=None):
    """The organiser asks every listed contact of ``authority`` to check
    their data; a few times a day per authority at most."""
    limit = settings.SIKO_CONTACT_CHECK_DAILY_LIMIT
    if not ratelimit.allow(
        scope="contact-check", subject=str(authority.pk), limit=limit, window=86400
    ):
        raise ContactCheckError(
            _(
                "The contact persons of this authority were asked too often "
                "today. Please try again tomorrow."
            )
        )
    contacts = list(authority.contacts.active().filter(anonymised_at__isnull=True))
    checks = _send(contacts, user=user, now=now or timezone.now())
    if not checks:
        raise ContactCheckError(
            _("This authority has no active contact person with an email address.")
        )
    return checks


@transaction.atomic
def yearly_reminders(*, now=None):
    """The yearly mail of every police authority whose month it is: each
    contact not asked in the last eleven months. Returns the number sent."""
    now = now or timezone.now()
    month = timezone.localtime(now).month
    recent = ContactCheck.objects.filter(
        contact=OuterRef("pk"),
        requested_at__gte=now - datetime.timedelta(days=REMINDER_GAP_DAYS),
    )
    sent = 0
    for row in ContactCheckSettings.objects.filter(reminder_month=month):
        contacts = (
            Contact.objects.for_tenant(row.police_authority_id)
            .active()
            .filter(anonymised_at__isnull=True)
            .exclude(email="")
            .exclude(Exists(recent))
        )
        sent += len(_send(list(contacts), user=None, now=now))
    return sent


def _locked_open(check):
    check = (
        ContactCheck.objects.select_for_update()
        .select_related("contact")
        .get(pk=check.pk)
    )
    if check.decision != Decision.PENDING or not check.token_hash:
        raise ContactCheckError(
            _("Your answer has already been dealt with. Thank you!")
        )
    return check


def _answer(check, answer, proposed):
    check.answer = answer
    check.answered_at = timezone.now()
    check.proposed = proposed
    check.save()


def _confirm_contact(contact, *, user, reason):
    contact = Contact.all_objects.select_for_update().get(pk=contact.pk)
    contact.confirmed_at = timezone.now()
    contact._change_reason = reason
    contact._history_user = user
    bump(contact)
    contact.save()
    return contact


@transaction.atomic
def check_confirm(*, check):
    """The person confirms their data as they are."""
    check = _locked_open(check)
    _answer(check, Answer.CONFIRMED, {})
    _confirm_contact(
        check.contact,
        user=None,
        reason=document_text(gettext_lazy("Data confirmed through the check link")),
    )
    return check


@transaction.atomic
def check_correct(*, check, data):
    """The person corrects their data: a proposal for the organiser (the
    same data as before is a confirmation)."""
    contact = check.contact
    proposed = {name: (data.get(name) or "").strip() for name in FIELDS}
    if all(proposed[name] == getattr(contact, name) for name in FIELDS):
        return check_confirm(check=check)
    check = _locked_open(check)
    _answer(check, Answer.CORRECTED, proposed)
    return check


@transaction.atomic
def check_successor(*, check, data):
    """The person is no longer responsible and names their successor."""
    proposed = {name: (data.get(name) or "").strip() for name in FIELDS}
    if not proposed["last_name"] or not proposed["email"]:
        raise ContactCheckError(
            _("Please give at least the last name and email of your successor.")
        )
    check = _locked_open(check)
    _answer(check, Answer.SUCCESSOR, proposed)
    return check


def _decided(check, *, user, decision):
    locked = ContactCheck.objects.select_for_update().get(pk=check.pk)
    if not locked.awaits_decision:
        raise ContactCheckError(_("This proposal has already been decided."))
    locked.decision = decision
    locked.decided_at = timezone.now()
    locked.decided_by = user
    locked.token_hash = locked.link_secret = ""
    locked.save()
    return locked


@transaction.atomic
def check_accept(*, check, user):
    """The organiser takes the proposal into the address book: the corrected
    data, or the successor as a new contact (the predecessor inactive)."""
    check = _decided(check, user=user, decision=Decision.ACCEPTED)
    contact = Contact.all_objects.select_for_update().get(pk=check.contact_id)
    now = timezone.now()
    if check.answer == Answer.CORRECTED:
        for name in FIELDS:
            setattr(contact, name, check.proposed.get(name, getattr(contact, name)))
        contact.confirmed_at = now
        contact._change_reason = document_text(
            gettext_lazy("Correction from the check link accepted")
        )
        contact._history_user = user
        bump(contact)
        contact.save()
        return contact
    successor = Contact(
        authority_id=contact.authority_id,
        salutation="",
        is_leadership=contact.is_leadership,
        confirmed_at=None,
        **{name: check.proposed.get(name, "") for name in FIELDS},
    )
    successor._change_reason = document_text(
        gettext_lazy("Named as successor of %(name)s through the check link"),
        name=contact.full_name,
    )
    successor._history_user = user
    successor.save()
    contact.active = False
    contact.inactive_since = now
    contact._change_reason = document_text(
        gettext_lazy("Successor %(name)s accepted"), name=successor.full_name
    )
    contact._history_user = user
    bump(contact)
    contact.save()
    return successor


@transaction.atomic
def check_reject(*, check, user):
    """The organiser does not take the proposal over (the address book stays)."""
    return _decided(check, user=user, decision=Decision.REJECTED)


@transaction.atomic
def settings_save(*, police_authority, reminder_month, unconfirmed_months):
    row, _created = ContactCheckSettings.objects.select_for_update().get_or_create(
        police_authority=police_authority
    )
    row.reminder_month = reminder_month
    row.unconfirmed_months = unconfirmed_months
    bump(row)
    row.save()
    return row
