"""Mails of the account pages, through the outbox (konferenz/core/outbox.py):
the password reset and the invitation of a new user. Both links (Django's
password-reset token) are made here, at send time, so they are never stored
with the outbox row or a task. Registered in konferenz/apps.py."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template import loader
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from konferenz.core import outbox

#: The kinds of outbox mail of the accounts.
OUTBOX_PASSWORD_RESET = "accounts.password_reset"  # noqa: S105 - a name, no secret
OUTBOX_USER_INVITATION = "accounts.user_invitation"


def queue_password_reset(*, user_id, to_email):
    outbox.queue(OUTBOX_PASSWORD_RESET, {"user_id": user_id, "to_email": to_email})


def queue_user_invitation(*, user_id):
    outbox.queue(OUTBOX_USER_INVITATION, {"user_id": user_id})


def _reset_link_parts(user):
    return {
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def render_password_reset(*, user_id, to_email):
    """Django's password-reset mail (queued by SikoPasswordResetForm)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    context = {
        "email": to_email,
        "user": user,
        **_reset_link_parts(user),
        "site_url": settings.SITE_URL,
    }
    subject = loader.render_to_string(
        "registration/password_reset_subject.txt", context
    )
    # A subject must not contain line breaks.
    subject = "".join(subject.splitlines())
    body = loader.render_to_string("registration/password_reset_email.html", context)
    return EmailMultiAlternatives(subject, body, None, [to_email])


def render_user_invitation(*, user_id):
    """The mail to a new user with the link to set a password."""
    user = (
        get_user_model()
        .objects.select_related("membership__police_authority")
        .filter(pk=user_id, is_active=True)
        .first()
    )
    if user is None or not user.email:
        return None
    parts = _reset_link_parts(user)
    link = settings.SITE_URL + reverse(
        "password_reset_confirm",
        kwargs={"uidb64": parts["uid"], "token": parts["token"]},
    )
    body = loader.render_to_string(
        "konferenz/accounts/invitation_mail.txt",
        {
            "user": user,
            "link": link,
            "login_url": settings.SITE_URL + reverse("login"),
            "sso": bool(settings.SIKO_OIDC_ISSUER),
            "police_authority": user.membership.police_authority,
        },
    )
    return EmailMessage(subject=_("Your access to SiKo"), body=body, to=[user.email])
