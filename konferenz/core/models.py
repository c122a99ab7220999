from django.conf import settings
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from konferenz.core import file_references, stamps
from konferenz.core.tenancy import TenantQuerySet


class AccessibilityConformity(models.TextChoices):
    """Stand der Vereinbarkeit mit den Anforderungen (WCAG 2.1 AA, EN 301 549)."""

    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


@stamps.watch(everywhere=True, account=True)
class PoliceAuthority(models.Model):
    """A Kreispolizeibehörde: the tenant. Its staff see only its own data."""

    class Kind(models.TextChoices):
        PRESIDIUM = "pp", _("Police headquarters (Polizeipräsidium)")
        DISTRICT = "landrat", _("District administrator as police authority")

    class Region(models.TextChoices):
        """The five Regierungsbezirke of NRW (proper names, not translated)."""

        ARNSBERG = "arnsberg", "Arnsberg"
        DETMOLD = "detmold", "Detmold"
        DUESSELDORF = "duesseldorf", "Düsseldorf"
        KOELN = "koeln", "Köln"
        MUENSTER = "muenster", "Münster"

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        help_text=_("As used in press releases, e.g. “Polizei Düren”."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    region = models.CharField(
        _("administrative district"),
        max_length=20,
        choices=Region.choices,
        blank=True,
        help_text=_("The Regierungsbezirk the authority belongs to."),
    )
    press_code = models.CharField(
        _("press code"),
        max_length=10,
        unique=True,
        help_text=_("Code used in the press release title, e.g. DN for POL-DN."),
    )
    seat = models.CharField(_("seat"), max_length=100)
    area = models.CharField(
        _("area of responsibility"),
        max_length=200,
        help_text=_("E.g. “Kreis Düren” or “Gelsenkirchen”; used in the place line."),
    )
    head_title = models.CharField(_("head's title"), max_length=100, blank=True)
    head_name = models.CharField(_("head's name"), max_length=200, blank=True)
    press_contact = models.TextField(
        _("press office contact"),
        blank=True,
        help_text=_("Closing block “Rückfragen bitte an:” of press releases."),
    )
    address = models.TextField(_("address"), blank=True)
    file_reference_pattern = models.CharField(
        _("file reference pattern"),
        max_length=100,
        blank=True,
        default=file_references.DEFAULT_PATTERN,
        help_text=_(
            "The Geschäftszeichen of a new conference, e.g. “ZA 1.2 – 57.01 –"
            " {number}/{year}”: {year} is the conference's year, {number} its"
            " running number in that year, {code} your press code. Empty: “{code}"
            " – SiKo {number}/{year}”."
        ),
    )
    privacy_url = models.URLField(
        _("data protection notice (address)"),
        blank=True,
        help_text=_("Linked at the foot of the invitees' pages, e.g. https://…"),
    )
    imprint_url = models.URLField(
        _("imprint (address)"),
        blank=True,
        help_text=_("Linked at the foot of the invitees' pages, e.g. https://…"),
    )
    # The Erklärung zur Barrierefreiheit (§ 10b BGG NRW): SiKo writes the
    # page; the authority says how far it conforms, what is known not to, and
    # who takes feedback (konferenz/accounts/accessibility.py).
    accessibility_conformity = models.CharField(
        _("conformity"),
        max_length=10,
        choices=AccessibilityConformity.choices,
        default=AccessibilityConformity.PARTIAL,
    )
    accessibility_limitations = models.TextField(
        _("content that is not accessible"),
        blank=True,
        help_text=_(
            "Known limitations and their alternatives. Empty: SiKo's standard "
            "text is shown."
        ),
    )
    accessibility_email = models.EmailField(
        _("email for feedback on accessibility"), blank=True
    )
    accessibility_phone = models.CharField(
        _("telephone for feedback on accessibility"), max_length=50, blank=True
    )
    accessibility_reviewed_on = models.DateField(
        _("date of the accessibility statement"), null=True, blank=True
    )
    # Optimistic locking of the authority's settings page.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("police authority")
        verbose_name_plural = _("police authorities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def press_prefix(self):
        return f"POL-{self.press_code}"


@stamps.watch(everywhere=True, account=True)
class Membership(models.Model):
    """Ties a user to one police authority (or to the ministry) with roles.

    A membership without any role may read its authority's data (read-only).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    police_authority = models.ForeignKey(
        PoliceAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("police authority"),
    )
    is_ministry = models.BooleanField(
        _("ministry"),
        default=False,
        help_text=_("Sees only the cross-authority overview (metadata)."),
    )
    is_organiser = models.BooleanField(_("organiser"), default=False)
    is_minute_taker = models.BooleanField(_("minute-taker"), default=False)
    is_head = models.BooleanField(_("head of authority"), default=False)
    is_press_office = models.BooleanField(_("press office"), default=False)
    may_read_vs_nfd = models.BooleanField(
        _("may read VS-NfD"),
        default=False,
        help_text=_("Access to content classified VS – NUR FÜR DEN DIENSTGEBRAUCH."),
    )
    is_authority_admin = models.BooleanField(
        _("authority administration"),
        default=False,
        help_text=_("Manages the users of this police authority."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(is_ministry=True, police_authority__isnull=True)
                    | Q(is_ministry=False, police_authority__isnull=False)
                ),
                name="membership_ministry_xor_authority",
                violation_error_message=_(
                    "A membership belongs either to the ministry or to exactly "
                    "one police authority."
                ),
            ),
        ]

    def __str__(self):
        where = self.police_authority or _("Ministry of the Interior")
        return f"{self.user} – {where}"

    @property
    def role_labels(self):
        labels = [
            label
            for flag, label in (
                (self.is_ministry, _("Ministry")),
                (self.is_organiser, _("Organiser")),
                (self.is_minute_taker, _("Minute-taker")),
                (self.is_head, _("Head of authority")),
                (self.is_press_office, _("Press office")),
                (self.may_read_vs_nfd, _("May read VS-NfD")),
                (self.is_authority_admin, _("Authority administration")),
            )
            if flag
        ]
        return labels or [_("Read-only")]


class ConferenceQuerySet(TenantQuerySet):
    def with_sequence(self):
        """Annotate ``sequence``: the how-many-th conference of this kind it is.

        Cancelled conferences do not count; the number is derived, never typed.
        """
        earlier = (
            Conference.objects.filter(
                police_authority=OuterRef("police_authority"),
                kind=OuterRef("kind"),
            )
            .exclude(status=Conference.Status.CANCELLED)
            .filter(
                Q(date__lt=OuterRef("date"))
                | Q(date=OuterRef("date"), pk__lte=OuterRef("pk"))
            )
            .order_by()
            .values("police_authority")
            .annotate(n=Count("pk"))
            .values("n")
        )
        # A cancelled conference itself has no number either: the next one
        # held takes the number it would have had.
        return self.annotate(
            sequence=Case(
                When(status=Conference.Status.CANCELLED, then=Value(0)),
                default=Coalesce(Subquery(earlier), 0),
            )
        )

    def upcoming(self, today):
        return self.filter(date__gte=today).exclude(status=Conference.Status.CANCELLED)


@stamps.watch(conference="")
class Conference(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", _("Main security conference")
        MUNICIPAL = "municipal", _("Municipal conference")
        THEMATIC = "thematic", _("Thematic conference")
        EXTRAORDINARY = "extraordinary", _("Extraordinary conference")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video conference")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        INVITED = "invited", _("Invited")
        HELD = "held", _("Held")
        MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    police_authority = models.ForeignKey(
        PoliceAuthority,
        on_delete=models.PROTECT,
        related_name="conferences",
        verbose_name=_("police authority"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.MAIN
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    venue_room = models.CharField(_("room"), max_length=100, blank=True)
    mode = models.CharField(
        _("mode"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON
    )
    video_link = models.URLField(_("video link"), blank=True)
    host_name = models.CharField(_("host"), max_length=200, blank=True)
    host_function = models.CharField(_("host's function"), max_length=200, blank=True)
    host_represents = models.CharField(
        _("on behalf of"),
        max_length=200,
        blank=True,
        help_text=_(
            "Filled when the host opens the conference “in Vertretung”, "
            "e.g. “des Landrates”."
        ),
    )
    rsvp_deadline = models.DateField(_("RSVP deadline"), null=True, blank=True)
    proposal_deadline = models.DateField(
        _("deadline for topic proposals"), null=True, blank=True
    )
    file_reference = models.CharField(
        _("file reference (Geschäftszeichen)"),
        max_length=100,
        blank=True,
        help_text=_(
            "Printed on every document of the conference. Empty: taken from the"
            " pattern in your authority's settings when saving."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    directions = models.TextField(
        _("directions and notes for participants"),
        blank=True,
        help_text=_(
            "Shown to the invitees on their invitation page and in the invitation "
            "mail, e.g. how to get there, parking, entrance, ID."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    # Entered after the event ("nachträglich erfasst"): nothing is ever mailed;
    # staff record invitees, answers and attendance directly.
    recorded_afterwards = models.BooleanField(
        _("recorded afterwards"), default=False, editable=False
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConferenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-date", "-start_time"]
        indexes = [models.Index(fields=["police_authority", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="conference_end_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        if not self.file_reference:
            self.file_reference = self.file_reference_from_pattern()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "file_reference"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("konferenz:conference-detail", kwargs={"pk": self.pk})

    def file_reference_from_pattern(self):
        """The Geschäftszeichen the authority's pattern gives this conference:
        numbered in the order the authority's conferences of the year were
        entered."""
        same_year = Conference.objects.filter(
            police_authority_id=self.police_authority_id, date__year=self.date.year
        )
        if self.pk:
            same_year = same_year.filter(pk__lt=self.pk)
        authority = self.police_authority
        return file_references.file_reference(
            authority.file_reference_pattern,
            year=self.date.year,
            number=same_year.count() + 1,
            code=authority.press_code,
        )

    @property
    def file_reference_display(self):
        """The Geschäftszeichen printed on the conference's documents."""
        return self.file_reference or self.file_reference_from_pattern()

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED


@stamps.watch(conference="conference")
class ConferenceTransition(models.Model):
    """One step of a conference's status workflow: who moved it, when, why."""

    class Cause(models.TextChoices):
        MANUAL = "manual", _("by hand")
        SENDING = "sending", _("by sending the invitations")
        MINUTES_APPROVAL = "minutes", _("by the approval of the minutes")
        RECORDED = "recorded", _("recorded afterwards")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=20, choices=Conference.Status.choices)
    to_status = models.CharField(max_length=20, choices=Conference.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    cause = models.CharField(max_length=20, choices=Cause.choices, default=Cause.MANUAL)
    # An undo is a step of its own (back to the previous status, with reason).
    is_undo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.conference_id}: {self.from_status} → {self.to_status}"


class CalendarFeed(models.Model):
    """A user's private iCalendar subscription of the authority's conferences.

    Only the SHA-256 of the secret token is stored (as for partner links);
    deleting the row revokes the address, issuing a new one replaces it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self):
        return str(self.user)


class ChangeStamp(models.Model):
    """The change stamp of a conference (``c:<id>``), of a police authority
    (``t:<id>``) or of what every page may show (``all``): a random token,
    renewed by database triggers in the transaction of every change of a
    watched row (konferenz/core/stamps.py). The page cache keys by these
    tokens, so it can never serve what the database no longer says."""

    key = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("change stamp")
        verbose_name_plural = _("change stamps")

    def __str__(self):
        return f"{self.key}: {self.token}"


class RateCount(models.Model):
    """One counter of the rate limits (konferenz/core/ratelimit.py): the key
    names scope, subject and window; rows past ``expires`` are deleted."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.FloatField(db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self):
        return f"{self.key}: {self.count}"


class OutboxMail(models.Model):
    """One mail SiKo sends (konferenz/core/outbox.py): written in the
    transaction of the change that causes it, rendered and sent by the task
    worker. The row is the truth about the mail; the task only hands it to a
    worker. It never holds a link or token: the feature's renderer makes
    those at send time."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=60)
    args = models.JSONField(_("arguments"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    answer = models.TextField(
        _("answer of the mail server or error"),
        blank=True,
    )

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="outbox_status_due"
            ),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk}: {self.status}"


class StoredFile(models.Model):
    """The bytes of one stored file – attachments and archive copies – in
    PostgreSQL itself, so that every app server reads what any of them
    stored (konferenz/core/dbstorage.py). Written once, never changed;
    the name is the one the ``FileField`` holds."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    content = models.BinaryField(_("content"))
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self):
        return self.name
