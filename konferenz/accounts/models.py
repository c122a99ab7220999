"""The history of user accounts and their roles."""

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
