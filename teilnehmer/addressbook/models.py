from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from konferenz.core import stamps
from konferenz.core.models import PoliceAuthority
from konferenz.core.tenancy import TenantQuerySet


class AuthorityQuerySet(TenantQuerySet):
    def active(self):
        return self.filter(active=True)


@stamps.watch(everywhere=True)
class Authority(models.Model):
    """A partner agency (Partnerbehörde) in a police authority's address book."""

    class Kind(models.TextChoices):
        CITY = "city", _("City / municipality (incl. public order office)")
        DISTRICT = "district", _("District administration")
        YOUTH_WELFARE = "youth_welfare", _("Youth welfare office")
        IMMIGRATION = "immigration", _("Immigration office")
        PROSECUTION = "prosecution", _("Public prosecutor's office")
        REGIONAL_COURT = "regional_court", _("Regional court")
        LOCAL_COURT = "local_court", _("Local court")
        FEDERAL_POLICE = "federal_police", _("Federal police")
        CUSTOMS = "customs", _("Customs / main customs office")
        TAX = "tax", _("Tax office / tax investigation")
        PRISON = "prison", _("Prison")
        REGIONAL_GOVERNMENT = (
            "regional_government",
            _("Regional government / school office"),
        )
        TRANSIT = "transit", _("Transit operator")
        FIRE_BRIGADE = "fire_brigade", _("Fire brigade / THW")
        POLICE = "police", _("Police")
        POLICE_ADVISORY_BOARD = "police_advisory_board", _("Police advisory board")
        OTHER = "other", _("Other")

    police_authority = models.ForeignKey(
        PoliceAuthority,
        on_delete=models.PROTECT,
        related_name="partner_authorities",
        verbose_name=_("police authority"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("central email"), blank=True)
    phone = models.CharField(_("central phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    inactive_since = models.DateTimeField(_("inactive since"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuthorityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner authority")
        verbose_name_plural = _("partner authorities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["police_authority", "name"],
                name="authority_unique_name_per_tenant",
                violation_error_message=_(
                    "An authority with this name already exists in your address book."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("teilnehmer:authority-detail", kwargs={"pk": self.pk})


class ContactQuerySet(TenantQuerySet):
    tenant_field = "authority__police_authority"

    def active(self):
        return self.filter(active=True, authority__active=True)


class AddressBookManager(models.Manager.from_queryset(ContactQuerySet)):
    """The address book: a deputy named through a partner link lives on the
    invitation only and joins the address book when staff confirm it."""

    def get_queryset(self):
        return super().get_queryset().filter(pending_deputy=False)


@stamps.watch(everywhere=True)
class Contact(models.Model):
    """A contact person, stored by function (Ansprechperson)."""

    class Salutation(models.TextChoices):
        MS = "Frau", _("Ms")
        MR = "Herr", _("Mr")
        NONE = "", _("(none)")

    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("authority"),
    )
    salutation = models.CharField(
        _("salutation"), max_length=10, choices=Salutation.choices, blank=True
    )
    title = models.CharField(_("academic title"), max_length=50, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_leadership = models.BooleanField(
        _("leadership"),
        default=False,
        help_text=_(
            "Head or deputy head: invited when the whole authority is invited."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    inactive_since = models.DateTimeField(_("inactive since"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    pending_deputy = models.BooleanField(
        _("deputy awaiting confirmation"),
        default=False,
        help_text=_(
            "Named as a deputy through a partner link; not in the address book "
            "until staff confirm it."
        ),
    )
    #: when the person last confirmed their data (or a correction of theirs
    #: was accepted): the yearly contact check, Art. 5 (1) d GDPR
    confirmed_at = models.DateTimeField(_("data confirmed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AddressBookManager()
    #: every contact, also deputies awaiting confirmation
    all_objects = ContactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["email"])]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("teilnehmer:contact-detail", kwargs={"pk": self.pk})

    @property
    def full_name(self):
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def formal_name(self):
        """“Herr Dr. Max Muster” as used in letters and lists."""
        return " ".join(p for p in (self.salutation, self.full_name) if p)


class AddressBookImportQuerySet(TenantQuerySet):
    pass


class AddressBookImport(models.Model):
    """An uploaded address-book file between preview and confirmation.

    The parsed rows stay on the server (in the database, so that several app
    servers can share them); confirming re-checks them against the address book
    as it is then. Nothing reaches Authority/Contact before confirmation.
    """

    police_authority = models.ForeignKey(
        PoliceAuthority, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    rows = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AddressBookImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("address book import")
        verbose_name_plural = _("address book imports")

    def __str__(self):
        return self.filename


# --- the yearly contact check (teilnehmer/addressbook/contactcheck.py) --------


class ContactCheckSettingsQuerySet(TenantQuerySet):
    pass


class ContactCheckSettings(models.Model):
    """A police authority's yearly contact check: in which month every listed
    contact gets the link, and after how long a contact counts as unconfirmed."""

    police_authority = models.OneToOneField(
        PoliceAuthority, on_delete=models.CASCADE, related_name="contact_check"
    )
    reminder_month = models.PositiveSmallIntegerField(
        _("yearly check in month"),
        null=True,
        blank=True,
        choices=[(m, m) for m in range(1, 13)],
        help_text=_(
            "Empty: no yearly mail. Otherwise every contact person who was not "
            "asked in the last eleven months gets the link in this month."
        ),
    )
    unconfirmed_months = models.PositiveSmallIntegerField(
        _("unconfirmed after months"),
        default=12,
        help_text=_(
            "Contact persons whose data were not confirmed for this many months "
            "are marked in the address book and before invitations are sent."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ContactCheckSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact check settings")
        verbose_name_plural = _("contact check settings")

    def __str__(self):
        return str(self.police_authority)


class ContactCheckQuerySet(TenantQuerySet):
    tenant_field = "contact__authority__police_authority"


class ContactCheck(models.Model):
    """One request to a contact person to confirm or correct their data, with
    the answer through the link and the organiser's decision on it."""

    class Answer(models.TextChoices):
        OPEN = "", _("no answer")
        CONFIRMED = "confirmed", _("confirmed")
        CORRECTED = "corrected", _("correction proposed")
        SUCCESSOR = "successor", _("successor named")

    class Decision(models.TextChoices):
        PENDING = "", pgettext_lazy("contact check", "pending")
        ACCEPTED = "accepted", pgettext_lazy("contact check", "accepted")
        REJECTED = "rejected", _("rejected")

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="checks"
    )
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the yearly reminder."),
    )
    #: the link: HMAC of this secret under the link key; only its hash is
    #: stored (teilnehmer/invitations/tokens.py); emptied when superseded
    link_secret = models.CharField(max_length=64, blank=True, editable=False)
    token_hash = models.CharField(
        max_length=64, blank=True, editable=False, db_index=True
    )
    answer = models.CharField(
        _("answer"), max_length=20, choices=Answer.choices, blank=True, default=""
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    #: the proposed data: first_name, last_name, function, email, phone
    proposed = models.JSONField(_("proposed data"), default=dict, blank=True)
    decision = models.CharField(
        pgettext_lazy("contact check", "decision"),
        max_length=20,
        choices=Decision.choices,
        blank=True,
        default="",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ContactCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact check")
        verbose_name_plural = _("contact checks")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.contact}: {self.get_answer_display()}"

    @property
    def awaits_decision(self):
        return (
            self.answer in (self.Answer.CORRECTED, self.Answer.SUCCESSOR)
            and self.decision == self.Decision.PENDING
        )
