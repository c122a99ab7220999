"""The address book's mail in the outbox (konferenz/core/outbox.py): the
contact check with its link, rendered at send time. Registered in
teilnehmer/apps.py; queued by teilnehmer/addressbook/contactcheck.py."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from teilnehmer.addressbook.models import ContactCheck
from teilnehmer.invitations import tokens


def render_contact_check(*, check_id):
    """The mail to the contact person, or ``None`` when the check was
    superseded or decided meanwhile (nothing to send)."""
    check = (
        ContactCheck.objects.select_related("contact__authority__police_authority")
        .filter(pk=check_id)
        .exclude(link_secret="")
        .first()
    )
    if check is None or not check.contact.email:
        return None
    contact = check.contact
    police_authority = contact.authority.police_authority
    token = tokens.derive(check.link_secret)
    context = {
        "contact": contact,
        "police_authority": police_authority,
        "link": settings.SITE_URL
        + reverse("contactcheck:open", kwargs={"token": token}),
    }
    return EmailMessage(
        subject=_("Please check your contact data – %(name)s")
        % {"name": police_authority.name},
        body=render_to_string("teilnehmer/contactcheck/mail.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[contact.email],
    )
