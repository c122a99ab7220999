from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
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
