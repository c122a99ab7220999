"""Mails of the account pages that must not keep a page waiting."""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task


@task()
def send_password_reset_mail(
    subject_template_name: str,
    email_template_name: str,
    context: dict,
    user_id: int,
    from_email: str | None,
    to_email: str,
    html_email_template_name: str | None = None,
):
    """Send Django's password-reset mail (queued: see SikoPasswordResetForm)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    PasswordResetForm().send_mail(
        subject_template_name,
        email_template_name,
        {**context, "user": user},
        from_email,
        to_email,
        html_email_template_name,
    )
