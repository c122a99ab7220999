"""The history of user accounts and their roles; the accounts' bindings to
the identity provider."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from konferenz.core.models import PoliceAuthority
from konferenz.core.tenancy import TenantQuerySet


class AccountEventQuerySet(TenantQuerySet):
    pass


class AccountEvent(models.Model):
    """One change to a user account or its roles: the user-management history."""

    class Action(models.TextChoices):
        AUTHORITY_CREATED = "authority_created", _("Police authority set up")
        INVITED = "invited", _("Invited")
        ROLES_CHANGED = "roles_changed", _("Roles changed")
        DEACTIVATED = "deactivated", _("Deactivated")
        REACTIVATED = "reactivated", _("Reactivated")
        MFA_RESET = "mfa_reset", _("Second factor reset")
        MFA_ENROLLED = "mfa_enrolled", _("Second factor set up")
        SSO_CREATED = "sso_created", _("Created by single sign-on")
        SSO_UPDATED = "sso_updated", _("Roles updated by single sign-on")
        SSO_LINK_ALLOWED = (
            "sso_link_allowed",
            _("Linking with a police account allowed"),
        )
        SSO_LINKED = "sso_linked", _("Linked with a police account")
        SSO_REFUSED = "sso_refused", _("Single sign-on refused")

    police_authority = models.ForeignKey(
        PoliceAuthority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="account_events",
        verbose_name=_("police authority"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="account_events",
        verbose_name=_("user"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = AccountEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.user}"


class SsoIdentity(models.Model):
    """The identity provider's account (issuer + subject) an account is bound
    to: single sign-on finds the account by this, never by the e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sso_identities",
        verbose_name=_("user"),
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject identifier"), max_length=255)
    bound_at = models.DateTimeField(_("bound at"), auto_now_add=True)

    class Meta:
        verbose_name = _("police account binding")
        verbose_name_plural = _("police account bindings")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="sso_identity_issuer_subject"
            ),
            models.UniqueConstraint(
                fields=["user", "issuer"], name="sso_identity_user_issuer"
            ),
        ]

    def __str__(self):
        return f"{self.user} = {self.subject}@{self.issuer}"


class SsoLinkGrant(models.Model):
    """The authority administration allows the next single sign-on with the
    account's e-mail address to bind the account (until ``valid_until``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sso_link_grant",
        verbose_name=_("user"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("allowed by"),
    )
    valid_until = models.DateTimeField(_("valid until"))

    class Meta:
        verbose_name = _("allowed police account link")
        verbose_name_plural = _("allowed police account links")

    def __str__(self):
        return f"{self.user} ({self.valid_until:%Y-%m-%d %H:%M})"
