import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from konferenz.core import stamps
from konferenz.core.classification import Classification, ClassifiedQuerySet
from konferenz.core.models import Conference, PoliceAuthority
from konferenz.core.tenancy import TenantQuerySet


class TopicQuerySet(TenantQuerySet):
    def for_tenant(self, police_authority):
        """The standard topics of the decree plus the authority's own."""
        if not police_authority:
            return self.none()
        return self.filter(
            Q(police_authority__isnull=True) | Q(police_authority=police_authority)
        )

    def with_state_for(self, police_authority):
        """The catalogue as the authority sees it, with ``active_here``."""
        switched_off = Topic.deactivated_by.through.objects.filter(
            topic=OuterRef("pk"), policeauthority=police_authority
        )
        return self.for_tenant(police_authority).annotate(
            active_here=Q(active=True) & ~Exists(switched_off)
        )

    def usable_by(self, police_authority):
        """Topics the authority may choose for an agenda item (active ones)."""
        return (
            self.for_tenant(police_authority)
            .filter(active=True)
            .exclude(deactivated_by=police_authority)
        )


@stamps.watch(everywhere=True)
class Topic(models.Model):
    """A topic of the catalogue; standard topics have no police authority."""

    police_authority = models.ForeignKey(
        PoliceAuthority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("police authority"),
    )
    name = models.CharField(_("name"), max_length=200)
    is_decree_topic = models.BooleanField(
        _("topic of the decree"),
        default=False,
        help_text=_("One of the topics the ministry's decree names."),
    )
    is_formal = models.BooleanField(
        _("formal item"),
        default=False,
        help_text=_(
            "Welcome, any other business, conclusion: part of the agenda, but"
            " not a topic of the press release."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    active = models.BooleanField(_("active"), default=True)
    # A standard topic is shared; each authority can switch it off for itself.
    deactivated_by = models.ManyToManyField(
        PoliceAuthority,
        blank=True,
        related_name="deactivated_topics",
        verbose_name=_("deactivated by"),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["police_authority", "name"],
                name="topic_unique_name_per_tenant",
                violation_error_message=_("A topic with this name already exists."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_standard(self):
        return self.police_authority_id is None


@stamps.watch(everywhere=True)
class StrategyGoal(models.Model):
    """A goal of the authority's Sicherheitsprogramm (Behördenstrategie)."""

    police_authority = models.ForeignKey(
        PoliceAuthority,
        on_delete=models.CASCADE,
        related_name="strategy_goals",
        verbose_name=_("police authority"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="goals", verbose_name=_("topics")
    )
    active = models.BooleanField(_("active"), default=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal of the security programme")
        verbose_name_plural = _("goals of the security programme")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["police_authority", "name"],
                name="strategy_goal_unique_name_per_tenant",
                violation_error_message=_("A goal with this name already exists."),
            ),
        ]

    def __str__(self):
        return self.name


class ProposalQuerySet(TenantQuerySet):
    tenant_field = "conference__police_authority"


@stamps.watch(conference="conference")
class Proposal(models.Model):
    """A partner's topic proposal (Themenvorschlag) through the invitation link."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", pgettext_lazy("agenda proposal", "Accepted")
        REJECTED = "rejected", _("Rejected")

    conference = models.ForeignKey(
        Conference,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("conference"),
    )
    invitation = models.ForeignKey(
        "teilnehmer.Invitation",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("invitation"),
    )
    title = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("short description"), blank=True)
    presenter = models.CharField(
        _("presenter"),
        max_length=200,
        blank=True,
        help_text=_("Who would present it (name and function)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decision_note = models.TextField(
        _("note to the partner"),
        blank=True,
        help_text=_("The partner sees this note."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic proposal")
        verbose_name_plural = _("topic proposals")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_note=""),
                name="proposal_rejection_has_note",
                violation_error_message=_("Please tell the partner why."),
            ),
        ]

    def __str__(self):
        return self.title


class AgendaItemQuerySet(ClassifiedQuerySet):
    tenant_field = "conference__police_authority"

    def with_real_topic(self):
        """Items with a catalogue topic that is a topic, not a formal item
        (welcome, any other business, conclusion): what statistics count."""
        return self.filter(topic__isnull=False, topic__is_formal=False)

    def for_agenda_page(self):
        """Everything the agenda page and the exports show, in few queries."""
        return self.select_related("topic", "presenter_contact__authority").order_by(
            "position", "pk"
        )


@stamps.watch(conference="conference")
class AgendaItem(models.Model):
    """One item (TOP) of a conference's agenda."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Agenda item")
        CARRY_OVER = "carry_over", _("Report on open actions (carry-over)")

    conference = models.ForeignKey(
        Conference,
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("conference"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR
    )
    title = models.CharField(_("title"), max_length=200)
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("topic"),
    )
    description = models.TextField(_("description"), blank=True)
    presenter_contact = models.ForeignKey(
        "teilnehmer.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("presenter from the address book"),
    )
    presenter_name = models.CharField(
        _("presenter (free text)"),
        max_length=200,
        blank=True,
        help_text=_("Name and function, if the person is not in the address book."),
    )
    presenter_authority = models.CharField(
        _("presenter's authority"), max_length=200, blank=True
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=15
    )
    classification = models.CharField(
        _("classification"),
        max_length=10,
        choices=Classification.choices,
        default=Classification.INTERNAL,
    )
    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_item",
        verbose_name=_("proposed by"),
    )
    # Optimistic locking: an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["conference", "position", "pk"]
        indexes = [models.Index(fields=["conference", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=600),
                name="agenda_item_duration_range",
                violation_error_message=_(
                    "The duration must be between 1 and 600 minutes."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("tagesordnung:agenda", kwargs={"pk": self.conference_id})

    @property
    def presenter_display(self):
        """“Name, function (authority)” from the contact or the free text."""
        contact = self.presenter_contact
        if contact:
            name = ", ".join(p for p in (contact.formal_name, contact.function) if p)
            return f"{name} ({contact.authority.name})"
        if self.presenter_name and self.presenter_authority:
            return f"{self.presenter_name} ({self.presenter_authority})"
        return self.presenter_name or self.presenter_authority


#: Fields of an agenda item the editor writes (and a copy takes over).
ITEM_FIELDS = (
    "title",
    "topic",
    "description",
    "presenter_contact",
    "presenter_name",
    "presenter_authority",
    "duration_minutes",
    "classification",
)


def attachment_path(instance, filename):
    """A random name: the uploader's file name never reaches the file system."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"tagesordnung/{secrets.token_hex(16)}{suffix}"


class AttachmentQuerySet(ClassifiedQuerySet):
    tenant_field = "item__conference__police_authority"
    # An attachment is never readable by someone who may not read its item.
    also_classified_by = ("item__classification",)


@stamps.watch(conference="item__conference")
class Attachment(models.Model):
    """A file belonging to an agenda item (presentation, statistics, map)."""

    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("agenda item"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("size"))
    classification = models.CharField(
        _("classification"),
        max_length=10,
        choices=Classification.choices,
        default=Classification.INTERNAL,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("tagesordnung:attachment-download", kwargs={"pk": self.pk})
