"""Services of the invitations (the writes): choose invitees, send and
remind by mail, record answers (from the partner link or by staff),
deputies, check-in. Reads are in selectors.py.

Mails go through the outbox (konferenz/core/outbox.py): a row written in the
transaction of the change, sent by the task worker. The mail is rendered at
send time (teilnehmer/invitations/mail.py), which issues the invitation's link
itself (tokens.invitation_issue_link), so the secret never rests in the
outbox, a task queue or anywhere else but the mail.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from konferenz.core import locking, outbox, workflow
from konferenz.core.i18n import document_text
from konferenz.core.models import Conference
from teilnehmer.addressbook.models import Authority, Contact
from teilnehmer.invitations import tokens
from teilnehmer.invitations.mail import OUTBOX_NOTICE, MailKind, enqueue
from teilnehmer.invitations.models import Invitation
from teilnehmer.invitations.selectors import (
    answer_deadline_passed,
    mail_allowed,
    notice_candidates,
)

Answer = Invitation.Answer


class InvitationError(Exception):
    """A German message for the user: the action was refused."""


# --- choosing invitees ------------------------------------------------------


@transaction.atomic
def invitations_create(
    *, conference: Conference, contacts: Iterable[Contact], user=None
) -> int:
    """Invite the given contacts (once each); returns how many were new."""
    already = set(
        Invitation.objects.filter(conference=conference).values_list(
            "contact_id", flat=True
        )
    )
    contacts = (
        Contact.objects.for_tenant(conference.police_authority)
        .filter(pk__in=[c.pk for c in contacts])
        .exclude(pk__in=already)
        .order_by("pk")
    )
    new = [Invitation(conference=conference, contact=contact) for contact in contacts]
    if new:
        bulk_create_with_history(new, Invitation, default_user=user)
    return len(new)


@transaction.atomic
def invitation_delete(*, invitation: Invitation) -> None:
    """Take an unsent invitation off the list."""
    if invitation.sent_at:
        raise InvitationError(
            _("This invitation was already sent and stays on the list.")
        )
    invitation.delete()


# --- mail and links ---------------------------------------------------------


def notices_send(*, conference, invitation_ids, kind) -> int:
    """Queue a change or cancellation notice to the chosen invitees (in the
    outbox, in the caller's transaction)."""
    if conference.recorded_afterwards:
        return 0
    ids = list(
        notice_candidates(conference)
        .filter(pk__in=list(invitation_ids))
        .values_list("pk", flat=True)
    )
    outbox.queue_many(
        OUTBOX_NOTICE, [{"invitation_id": pk, "kind": kind} for pk in ids]
    )
    return len(ids)


@transaction.atomic
def invitation_new_link(*, invitation: Invitation, user) -> None:
    """An explicit act of the staff: a new link, the old one dies at once;
    recorded with who did it. The next mail carries the new link."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    tokens.renew_secret(locked)
    locked._change_reason = document_text(
        gettext_lazy("New link by %(user)s, the old one revoked"),
        user=user.get_username(),
    )
    locked.save()


@transaction.atomic
def invitations_send(
    *,
    invitations: Iterable[Invitation],
    user,
    personal_text: str = "",
    new_deadline: datetime.date | None = None,
    extend_conference: bool = False,
) -> int:
    """Send (or send again) the invitation mail, with each invitation's one
    link (teilnehmer/invitations/tokens.py).

    The first sending makes a draft conference "eingeladen".
    """
    invitations = list(invitations)
    if not invitations:
        raise InvitationError(_("Please choose at least one person."))
    conference = invitations[0].conference
    check_mail_allowed(conference)
    ids = [i.pk for i in invitations if i.contact.email]
    if not ids:
        raise InvitationError(_("None of the chosen persons has an email address."))
    Invitation.objects.filter(pk__in=ids, sent_by__isnull=True).update(sent_by=user)
    if new_deadline is not None:
        _extend_deadline(conference, ids, new_deadline, whole=extend_conference)
    workflow.mark_invited_by_sending(conference, by=user)
    enqueue(ids, MailKind.INVITATION, personal_text)
    return len(ids)


def _extend_deadline(conference, ids, deadline, *, whole):
    """Late invitations: a new RSVP deadline for the conference, or one of
    their own for the persons invited late (the mail names it)."""
    if whole:
        Conference.objects.filter(pk=conference.pk).update(
            rsvp_deadline=deadline, version=locking.BUMPED
        )
        conference.rsvp_deadline = deadline
        return
    for invitation in Invitation.objects.filter(pk__in=ids):
        invitation.rsvp_deadline = deadline
        invitation._change_reason = document_text(
            gettext_lazy("Own reply deadline (late invitation)")
        )
        invitation.save(update_fields=["rsvp_deadline"])


def check_mail_allowed(conference):
    """Refuse mail for a conference recorded afterwards or cancelled."""
    if conference.recorded_afterwards:
        raise InvitationError(
            _(
                "This conference was recorded afterwards: SiKo sends no mails "
                "for it. Please record invitees, answers and attendance directly."
            )
        )
    if conference.is_cancelled:
        raise InvitationError(_("The conference is cancelled; nothing is sent."))


@transaction.atomic
def invitations_remind(*, invitations: Iterable[Invitation]) -> int:
    """Remind those who have not answered yet ("[Antwort erbeten]")."""
    invitations = list(invitations)
    if invitations:
        check_mail_allowed(invitations[0].conference)
    ids = list(
        Invitation.objects.filter(
            pk__in=[i.pk for i in invitations],
            answer=Answer.OPEN,
            sent_at__isnull=False,
            walk_in=False,
        )
        .exclude(contact__email="")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise InvitationError(_("Nobody to remind: all chosen persons have answered."))
    enqueue(ids, MailKind.REMINDER)
    return len(ids)


@transaction.atomic
def invitation_revoke_link(*, invitation: Invitation, user=None) -> None:
    """The partner link stops working at once (recorded with who did it); a
    later mail carries a new one."""
    invitation.token_hash = None
    invitation.previous_token_hash = None
    invitation.link_secret = ""
    invitation.token_revoked_at = timezone.now()
    invitation._change_reason = (
        document_text(
            gettext_lazy("Link revoked by %(user)s"), user=user.get_username()
        )
        if user is not None
        else document_text(gettext_lazy("Link revoked"))
    )
    invitation.save(
        update_fields=[
            "token_hash",
            "previous_token_hash",
            "link_secret",
            "token_revoked_at",
        ]
    )


# --- answers ----------------------------------------------------------------


def _deputy_contact(*, authority, name, function, email, pending):
    """The deputy's contact: a known one with this email, else a new one; one
    named by a partner (``pending``) waits on the invitation until staff take
    it into the address book."""
    contact = Contact.all_objects.filter(
        authority=authority, email__iexact=email
    ).first()
    if contact is not None:
        return contact
    first, _sep, last = name.strip().rpartition(" ")
    return Contact.all_objects.create(
        authority=authority,
        first_name=first,
        last_name=last or name.strip(),
        function=function,
        email=email,
        is_leadership=False,
        pending_deputy=pending,
    )


def _withdraw_deputy(deputy, reason):
    """The deputy's invitation goes (its link with it); an unconfirmed deputy
    named for nothing else leaves no trace in the address book."""
    contact = deputy.contact
    deputy._change_reason = reason
    deputy.delete()
    if contact.pending_deputy and not contact.invitations.exists():
        try:
            with transaction.atomic():
                contact.delete()
        except ProtectedError:  # named somewhere else meanwhile: keep it
            pass


def _hand_overs_today(invitation):
    start = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    return Invitation.history.filter(
        deputy_for_id=invitation.pk, history_type="+", history_date__gte=start
    ).count()


def _hand_over(invitation, *, name, function, email, by_staff):
    """Give the deputy an invitation of their own; returns it when it is new.

    One deputy per invitation: naming another replaces the previous one and
    its link. A partner may name a new deputy only a few times a day, so the
    form cannot send the official invitation mail to arbitrary addresses.
    """
    current = getattr(invitation, "deputy_invitation", None)
    if current is not None and current.contact.email.lower() == email.lower():
        return None
    if (
        not by_staff
        and _hand_overs_today(invitation) >= settings.SIKO_DEPUTY_DAILY_LIMIT
    ):
        raise InvitationError(
            _(
                "You have named a new deputy too often today. Please ask the "
                "organiser if you need another change."
            )
        )
    if current is not None:
        _withdraw_deputy(current, document_text(gettext_lazy("Deputy replaced")))
    contact = _deputy_contact(
        authority=invitation.contact.authority,
        name=name,
        function=function,
        email=email,
        pending=not by_staff,
    )
    if contact.pk == invitation.contact_id:
        raise InvitationError(_("Please name another person as your deputy."))
    if Invitation.objects.filter(
        conference=invitation.conference, contact=contact
    ).exists():
        raise InvitationError(
            _("%(name)s is already on the invitation list.")
            % {"name": contact.full_name}
        )
    return Invitation.objects.create(
        conference=invitation.conference,
        contact=contact,
        deputy_for=invitation,
        sent_by=invitation.sent_by,
    )


@transaction.atomic
def deputy_confirm(*, invitation: Invitation, user=None) -> Contact:
    """Staff take a deputy named through a partner link into the address book."""
    contact = Contact.all_objects.select_for_update().get(pk=invitation.contact_id)
    if not invitation.deputy_for_id or not contact.pending_deputy:
        raise InvitationError(_("This person is already in the address book."))
    contact.pending_deputy = False
    contact._change_reason = document_text(
        gettext_lazy("Deputy added to the address book")
    )
    contact.save(update_fields=["pending_deputy", "updated_at"])
    return contact


@transaction.atomic
def invitation_answer(
    *,
    invitation: Invitation,
    answer: str,
    comment: str = "",
    deputy_name: str = "",
    deputy_function: str = "",
    deputy_email: str = "",
    by_staff: bool = False,
    user=None,
) -> Invitation:
    """Record an answer. The row is locked, so two submits one after the
    other (two browser tabs) leave exactly one consistent answer."""
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("conference", "contact__authority")
        .get(pk=invitation.pk)
    )
    if not by_staff and answer_deadline_passed(locked.conference, invitation=locked):
        raise InvitationError(_("The deadline for answers has passed."))
    if answer == Answer.DEPUTY and locked.deputy_for_id:
        raise InvitationError(_("A deputy cannot send another deputy."))
    if answer not in (Answer.ACCEPTED, Answer.DECLINED, Answer.DEPUTY):
        raise InvitationError(_("Please choose an answer."))
    new_deputy = None
    if answer == Answer.DEPUTY:
        new_deputy = _hand_over(
            locked,
            name=deputy_name,
            function=deputy_function,
            email=deputy_email,
            by_staff=by_staff,
        )
        locked.deputy_name = deputy_name.strip()
        locked.deputy_function = deputy_function.strip()
        locked.deputy_email = deputy_email.strip()
    else:
        deputy = getattr(locked, "deputy_invitation", None)
        if deputy is not None:
            _withdraw_deputy(deputy, document_text(gettext_lazy("Deputy withdrawn")))
        locked.deputy_name = locked.deputy_function = locked.deputy_email = ""
    locked.answer = answer
    locked.comment = comment.strip()
    locked.answered_at = timezone.now()
    locked.answer_recorded_by_staff = by_staff
    if by_staff:
        locked._change_reason = document_text(
            gettext_lazy("Answer recorded by %(user)s (phone/email)"),
            user=user.get_username() if user else document_text(gettext_lazy("Staff")),
        )
    else:
        issued = timezone.localtime(locked.token_issued_at)
        locked._change_reason = document_text(
            gettext_lazy("Answer via the personal link of %(issued)s"),
            issued=issued.strftime("%d.%m.%Y %H:%M") if issued else "?",
        )
    locked.save()
    if (
        new_deputy is not None
        and new_deputy.contact.email
        and mail_allowed(locked.conference)
    ):
        enqueue([new_deputy.pk], MailKind.DEPUTY)
    return locked


# --- at the door ------------------------------------------------------------


@transaction.atomic
def invitation_set_attended(*, invitation: Invitation, attended: bool) -> Invitation:
    """Tick (or untick) a person as present at the door."""
    invitation.attended = attended
    invitation._change_reason = document_text(gettext_lazy("Admission"))
    invitation.save(update_fields=["attended"])
    return invitation


@transaction.atomic
def walk_in_add(
    *,
    conference: Conference,
    authority: Authority,
    first_name: str,
    last_name: str,
    function: str,
    email: str = "",
) -> Invitation:
    """Someone came without an invitation: into the address book and present."""
    contact = None
    if email:
        contact = Contact.objects.filter(
            authority=authority, email__iexact=email
        ).first()
    if contact is None:
        contact = Contact.objects.create(
            authority=authority,
            first_name=first_name,
            last_name=last_name,
            function=function,
            email=email,
        )
    invitation, created = Invitation.objects.get_or_create(
        conference=conference,
        contact=contact,
        defaults={"walk_in": True, "attended": True},
    )
    if not created:
        invitation.attended = True
        invitation.save(update_fields=["attended"])
    return invitation
