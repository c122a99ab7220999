"""Minutes (Protokoll) of a conference: entries per agenda item, decisions,
actions with their progress, participants' comments, snapshots of approved
versions and the log of who read a VS-NfD entry.

Every row that carries content has a ``classification`` and a
``ClassifiedQuerySet``; pages and exports read through ``visible_to``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from konferenz.core import stamps
from konferenz.core.classification import Classification, ClassifiedQuerySet, strictest
from konferenz.core.models import Conference
from konferenz.core.tenancy import TenantQuerySet


def _classification_field():
    return models.CharField(
        _("classification"),
        max_length=10,
        choices=Classification.choices,
        default=Classification.INTERNAL,
    )


class MinutesQuerySet(TenantQuerySet):
    tenant_field = "conference__police_authority"


@stamps.watch(conference="conference")
class Minutes(models.Model):
    """The minutes of one conference (one per conference)."""

    class Kind(models.TextChoices):
        RESULTS = "results", _("Minutes of results (Ergebnisprotokoll)")
        PROCEEDINGS = "proceedings", _("Minutes of proceedings (Verlaufsprotokoll)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")

    conference = models.OneToOneField(
        Conference,
        on_delete=models.CASCADE,
        related_name="minutes",
        verbose_name=_("conference"),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.RESULTS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    minute_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minute-taker"),
    )
    comments_until = models.DateField(_("comments until"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    #: 1 for the first version; each correction after approval adds one.
    revision = models.PositiveSmallIntegerField(_("version"), default=1)
    distributed_at = models.DateTimeField(_("distributed at"), null=True, blank=True)
    #: The Verteiler as last sent: once the minutes were distributed, exactly
    #: these invitees read them through their link (``minutes_readers``).
    distribution = models.ManyToManyField(
        "teilnehmer.Invitation",
        blank=True,
        related_name="minutes_received",
        verbose_name=_("distribution list"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MinutesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return gettext("Minutes – %(title)s") % {"title": self.conference}

    def get_absolute_url(self):
        return reverse("tagesordnung:minutes", kwargs={"pk": self.conference_id})

    @property
    def is_locked(self):
        return self.status == self.Status.APPROVED


class MinutesEntryQuerySet(ClassifiedQuerySet):
    tenant_field = "minutes__conference__police_authority"
    # Nobody reads an entry whose agenda item they may not read.
    also_classified_by = ("agenda_item__classification",)


@stamps.watch(conference="minutes__conference")
class MinutesEntry(models.Model):
    """What was said under one agenda item (Markdown text)."""

    minutes = models.ForeignKey(
        Minutes,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("minutes"),
    )
    agenda_item = models.ForeignKey(
        "tagesordnung.AgendaItem",
        on_delete=models.CASCADE,
        related_name="minutes_entries",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("text"), blank=True)
    classification = _classification_field()
    # Optimistic locking: an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MinutesEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes entry")
        verbose_name_plural = _("minutes entries")
        ordering = ["agenda_item__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "agenda_item"], name="minutes_entry_once_per_item"
            ),
        ]

    def __str__(self):
        return str(self.agenda_item)

    @property
    def level(self):
        """The entry's effective level: the lowest its decisions and actions
        may have."""
        return strictest(self.classification, self.agenda_item.classification)


class DecisionQuerySet(ClassifiedQuerySet):
    tenant_field = "entry__minutes__conference__police_authority"
    also_classified_by = (
        "entry__classification",
        "entry__agenda_item__classification",
    )


@stamps.watch(conference="entry__minutes__conference")
class Decision(models.Model):
    """A decision (Beschluss) taken under an agenda item."""

    entry = models.ForeignKey(
        MinutesEntry,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("minutes entry"),
    )
    text = models.TextField(_("decision"))
    classification = _classification_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]


class ActionItemQuerySet(ClassifiedQuerySet):
    tenant_field = "conference__police_authority"
    also_classified_by = (
        "entry__classification",
        "entry__agenda_item__classification",
    )

    def open(self):
        return self.exclude(status=ActionItem.Status.DONE)

    def overdue(self, today):
        return self.open().filter(due_date__lt=today)

    def for_list_page(self):
        """Everything the actions list shows, in one query."""
        return self.select_related("conference", "responsible", "contact").order_by(
            "due_date", "pk"
        )


@stamps.watch(conference="conference")
class ActionItem(models.Model):
    """An action (Maßnahme) agreed in the minutes, followed up across conferences."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    conference = models.ForeignKey(
        Conference,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("conference"),
    )
    entry = models.ForeignKey(
        MinutesEntry,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("minutes entry"),
    )
    description = models.TextField(_("action"))
    responsible = models.ForeignKey(
        "teilnehmer.Authority",
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("responsible authority"),
    )
    contact = models.ForeignKey(
        "teilnehmer.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("contact person"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    #: The day it was marked done (``services.action_progress``); empty while
    #: open and for actions whose completion was never recorded.
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    classification = _classification_field()
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return gettext("%(action)s (%(responsible)s, due %(date)s)") % {
            "action": self.description[:120],
            "responsible": self.responsible.name,
            "date": f"{self.due_date:%d.%m.%Y}",
        }

    def get_absolute_url(self):
        return reverse("tagesordnung:minutes", kwargs={"pk": self.conference_id})


@stamps.watch(conference="action__conference")
class ActionProgress(models.Model):
    """A progress note on an action, by staff or by the partner's link."""

    action = models.ForeignKey(
        ActionItem,
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("action"),
    )
    note = models.TextField(_("progress"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionItem.Status.choices
    )
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    by_invitation = models.ForeignKey(
        "teilnehmer.Invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.note[:80]


@stamps.watch(conference="entry__minutes__conference")
class MinutesComment(models.Model):
    """A participant's comment on an entry during the review, with staff's reply.

    The reply is the note the partner sees; the state says what became of it.
    """

    class State(models.TextChoices):
        OPEN = "open", _("open")
        ADOPTED = "adopted", _("adopted")
        NOT_ADOPTED = "not_adopted", _("not adopted")

    entry = models.ForeignKey(
        MinutesEntry,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("minutes entry"),
    )
    invitation = models.ForeignKey(
        "teilnehmer.Invitation",
        on_delete=models.CASCADE,
        related_name="minutes_comments",
        verbose_name=_("invitation"),
    )
    text = models.TextField(_("comment"))
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.OPEN
    )
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]


@stamps.watch(conference="minutes__conference")
class MinutesSnapshot(models.Model):
    """An approved version of the minutes, kept when a correction begins."""

    minutes = models.ForeignKey(
        Minutes,
        on_delete=models.CASCADE,
        related_name="snapshots",
        verbose_name=_("minutes"),
    )
    revision = models.PositiveSmallIntegerField(_("version"))
    #: [{"item": title, "text": …, "classification": …, "decisions": [...],
    #:   "actions": [...]}, …] — classified parts keep their classification.
    content = models.JSONField(default=list)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    #: The archive copy (PDF/A-2b, internal version with everything), written
    #: right after the approval; what the records office files.
    archive = models.FileField(
        _("archive copy (PDF/A)"), upload_to="protokolle/", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("approved version of the minutes")
        verbose_name_plural = _("approved versions of the minutes")
        ordering = ["revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "revision"], name="minutes_snapshot_unique"
            ),
        ]

    def __str__(self):
        return f"{self.minutes} – Version {self.revision}"


class ClassifiedReadLog(models.Model):
    """Who was shown which VS-NfD entry of the minutes, and when."""

    class Kind(models.TextChoices):
        ENTRY = "entry", _("minutes entry")
        DECISION = "decision", _("decision")
        ACTION = "action", _("action")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    minutes = models.ForeignKey(
        Minutes,
        on_delete=models.CASCADE,
        related_name="read_log",
        verbose_name=_("minutes"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    accessed_at = models.DateTimeField(_("read at"), auto_now_add=True)

    class Meta:
        verbose_name = _("read access to VS-NfD")
        verbose_name_plural = _("read accesses to VS-NfD")
        ordering = ["-accessed_at", "-pk"]
        indexes = [models.Index(fields=["minutes", "accessed_at"])]

    def __str__(self):
        return f"{self.user} – {self.kind} {self.object_id}"


__all__ = [
    "ActionItem",
    "ActionProgress",
    "ClassifiedReadLog",
    "Decision",
    "Minutes",
    "MinutesComment",
    "MinutesEntry",
    "MinutesSnapshot",
]
