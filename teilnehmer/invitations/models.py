"""Invitations of address-book contacts to a conference, with their answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from konferenz.core import stamps
from konferenz.core.models import Conference
from konferenz.core.tenancy import TenantQuerySet
from teilnehmer.addressbook.models import Contact


class InvitationQuerySet(TenantQuerySet):
    tenant_field = "conference__police_authority"

    def for_overview(self):
        """Everything the answers overview and the check-in list show, in one go."""
        return self.select_related(
            "contact__authority", "deputy_for__contact", "deputy_invitation__contact"
        ).order_by("contact__authority__name", "contact__last_name", "pk")

    def awaiting_answer(self):
        return self.filter(answer=Invitation.Answer.OPEN, walk_in=False)

    def without_absent(self, *answers):
        """Without those who gave one of ``answers`` (declined, sent a deputy)
        and did not come after all."""
        return self.exclude(Q(answer__in=answers) & ~Q(attended=True))


@stamps.watch(conference="conference")
class Invitation(models.Model):
    """One invitation of one contact to one conference, with the answer."""

    class Answer(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        DEPUTY = "deputy", _("Sends a deputy")

    conference = models.ForeignKey(
        Conference,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("conference"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("contact person"),
    )
    # The link is derived from this secret and the server's link key; only
    # the link's hash is stored (see teilnehmer.invitations.tokens).
    link_secret = models.CharField(max_length=64, blank=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # The link mailed before the link key changed (or before links were
    # derived): it keeps working until the link expires.
    previous_token_hash = models.CharField(
        max_length=64, null=True, blank=True, db_index=True, editable=False
    )
    token_issued_at = models.DateTimeField(null=True, blank=True)
    # The last mail that carried the link: it lives until the follow-up
    # period after this (or after the conference, whichever is later).
    link_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Whoever sent it is the partner's contact for questions and late changes.
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    send_error = models.TextField(_("delivery error"), blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.OPEN
    )
    deputy_name = models.CharField(_("deputy's name"), max_length=200, blank=True)
    deputy_function = models.CharField(
        _("deputy's function"), max_length=200, blank=True
    )
    deputy_email = models.EmailField(_("deputy's email"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # Invited after the conference's RSVP deadline: this person's own deadline.
    rsvp_deadline = models.DateField(_("own RSVP deadline"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_recorded_by_staff = models.BooleanField(
        _("recorded by staff"), default=False
    )
    attended = models.BooleanField(_("present"), null=True, blank=True)
    token_revoked_at = models.DateTimeField(_("link revoked at"), null=True, blank=True)
    # A deputy gets an invitation (and link) of their own; the original points
    # to it so that its page can show who was sent.
    deputy_for = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deputy_invitation",
        verbose_name=_("deputy for"),
    )
    walk_in = models.BooleanField(
        _("walk-in"),
        default=False,
        help_text=_("Came without an invitation; added at the door."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InvitationQuerySet.as_manager()
    # The secret of the link stays out of the history.
    history = HistoricalRecords(
        excluded_fields=["link_secret", "previous_token_hash", "link_mailed_at"]
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["contact__authority__name", "contact__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "contact"],
                name="invitation_unique_contact_per_conference",
                violation_error_message=_("This person is already invited."),
            ),
            models.CheckConstraint(
                condition=~Q(answer="deputy") | ~Q(deputy_name=""),
                name="invitation_deputy_has_name",
                violation_error_message=_("Please name the deputy."),
            ),
        ]

    def __str__(self):
        return f"{self.contact} → {self.conference}"

    def get_absolute_url(self):
        return reverse("invitations:overview", kwargs={"pk": self.conference_id})

    @property
    def is_deputy(self):
        return self.deputy_for_id is not None
