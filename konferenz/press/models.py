"""The press release of a conference, its quotes and frozen versions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from konferenz.core import stamps
from konferenz.core.models import Conference
from konferenz.core.tenancy import TenantQuerySet
from teilnehmer.addressbook.models import Contact
from teilnehmer.invitations.models import Invitation


class PressReleaseQuerySet(TenantQuerySet):
    tenant_field = "conference__police_authority"


@stamps.watch(conference="conference")
class PressRelease(models.Model):
    """The press release (ots form) after a conference, one per conference."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    conference = models.OneToOneField(
        Conference,
        on_delete=models.CASCADE,
        related_name="press_release",
        verbose_name=_("conference"),
    )
    use_prefix = models.BooleanField(
        _("title with press code"),
        default=True,
        help_text=_("Begin the title with “POL-<code>:”."),
    )
    sequence_number = models.PositiveSmallIntegerField(
        _("sequence number in the text"),
        null=True,
        blank=True,
        help_text=_(
            "“zur dritten Sicherheitskonferenz”: empty – SiKo counts the"
            " conferences it knows; 0 – no number; otherwise the number to use"
            " (e.g. if conferences were held before SiKo). Used when the draft"
            " is generated anew."
        ),
    )
    name_guests = models.BooleanField(
        _("name the guests"),
        default=False,
        help_text=_(
            "List the guests present with name and function (only with their"
            " consent). Used when the draft is generated anew."
        ),
    )
    title = models.CharField(_("title"), max_length=300)
    place_line = models.CharField(_("place line"), max_length=200)
    body = models.TextField(_("text"))
    embargo_at = models.DateTimeField(_("embargo until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    presseportal_url = models.URLField(_("Presseportal address"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PressReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("konferenz:press-release", kwargs={"pk": self.conference_id})


@stamps.watch(conference="press_release__conference")
class PressQuote(models.Model):
    """A quote of a person, placed in the press release."""

    class Approval(models.TextChoices):
        NOT_REQUESTED = "", _("not requested")
        REQUESTED = "requested", _("requested")
        APPROVED = "approved", _("approved")
        CHANGE_PROPOSED = "change_proposed", _("change proposed")

    class Placement(models.TextChoices):
        AFTER_LEAD = "after_lead", _("after the opening paragraph")
        AFTER_TOPICS = "after_topics", _("after the topics")
        END = "end", _("at the end")

    press_release = models.ForeignKey(
        PressRelease, on_delete=models.CASCADE, related_name="quotes"
    )
    person = models.CharField(_("person"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    text = models.TextField(_("quote"))
    placement = models.CharField(
        _("placement"),
        max_length=20,
        choices=Placement.choices,
        default=Placement.AFTER_LEAD,
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # The quoted person's sign-off (konferenz/press/signoff.py).
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quoted contact"),
        help_text=_("From the address book: receives the quote for approval."),
    )
    approval = models.CharField(
        _("approval"),
        max_length=20,
        choices=Approval.choices,
        default=Approval.NOT_REQUESTED,
        blank=True,
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    #: which link answered: "invitation" or "quote" and the start of its hash
    answered_link = models.CharField(_("answered through"), max_length=100, blank=True)
    answered_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    approved_text = models.TextField(_("approved wording"), blank=True)
    proposed_text = models.TextField(_("proposed wording"), blank=True)
    #: the request's link: the quoted person's invitation to the conference,
    #: else a link of its own (only its hash is stored, as for invitations)
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    link_secret = models.CharField(max_length=64, blank=True, editable=False)
    token_hash = models.CharField(
        max_length=64, blank=True, editable=False, db_index=True
    )

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.person}: {self.text[:40]}"


@stamps.watch(conference="press_release__conference")
class PressReleaseVersion(models.Model):
    """A frozen, approved text. Later edits never change it."""

    press_release = models.ForeignKey(
        PressRelease, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    place_line = models.CharField(_("place line"), max_length=200)
    body = models.TextField(_("text"))
    text = models.TextField(_("ots text"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"))
    quotes_reason = models.TextField(
        _("reason to approve without every quote approved"), blank=True
    )

    class Meta:
        verbose_name = _("approved version")
        verbose_name_plural = _("approved versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["press_release", "number"], name="press_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.press_release} (v{self.number})"


@stamps.watch(conference="version__press_release__conference")
class QuoteApprovalRecord(models.Model):
    """How a quote stood when its release was approved, frozen with the version."""

    version = models.ForeignKey(
        PressReleaseVersion, on_delete=models.CASCADE, related_name="quote_records"
    )
    person = models.CharField(_("person"), max_length=200)
    text = models.TextField(_("quote"))
    approval = models.CharField(
        _("approval"), max_length=20, choices=PressQuote.Approval.choices, blank=True
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_link = models.CharField(_("answered through"), max_length=100, blank=True)
    #: erased by ``manage.py purge`` after the retention period
    answered_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("quote approval record")
        verbose_name_plural = _("quote approval records")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.person}: {self.get_approval_display()}"
