"""The yearly contact check: the organiser's pages in the address book and
the contact person's page behind the link /einladung/kontakt/<token>/ (no
account; the same door as the partner link: the token moves into the
session, the page has a token-free address, every bad link answers the same
page). Only the person's own data are shown behind the link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from konferenz.core import access, actions, linkpages
from konferenz.core.tenancy import require_tenant
from teilnehmer.addressbook import contactcheck
from teilnehmer.addressbook.forms import ContactCheckForm, ContactCheckSettingsForm
from teilnehmer.addressbook.models import Authority, ContactCheck
from teilnehmer.invitations import tokens

CHANGE = "teilnehmer.change_addressbook"
SESSION_KEY = "siko_contact_check"


# --- the organiser -----------------------------------------------------------


@require_POST
@access.require(CHANGE)
def authority_contact_check(request, pk):
    """Each listed contact of the partner authority gets the check link."""
    authority = access.find(request, Authority.objects, pk=pk)
    return actions.perform(
        request,
        lambda: contactcheck.authority_contact_check(
            authority=authority, user=request.user
        ),
        done=lambda checks: (
            _("%(count)s contact person(s) were asked to check their data.")
            % {"count": len(checks)}
        ),
        refusals=contactcheck.ContactCheckError,
        to=authority,
    )


@access.require(CHANGE)
def contact_check_overview(request):
    """Settings of the yearly check, proposals to decide, unconfirmed contacts."""
    tenant = require_tenant(request)
    current = contactcheck.settings_for(tenant)
    form = ContactCheckSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        contactcheck.settings_save(police_authority=tenant, **form.cleaned_data)
        messages.success(request, _("The settings of the contact check were saved."))
        return redirect("teilnehmer:contact-check")
    return render(
        request,
        "teilnehmer/contactcheck/overview.html",
        {
            "form": form,
            "proposals": contactcheck.awaiting_decision(tenant),
            "unconfirmed": contactcheck.unconfirmed_contacts(tenant),
            "months": current.unconfirmed_months,
        },
        status=400 if form.errors else 200,
    )


def _proposal(request, pk):
    return access.find(request, ContactCheck.objects, pk=pk)


#: The decisions on a proposal (``contact_check_decide``, named in
#: teilnehmer/addressbook/urls.py): the service and what it did.
DECISIONS = {
    "accept": (
        contactcheck.check_accept,
        gettext_lazy("The proposal was taken into the address book."),
    ),
    "reject": (contactcheck.check_reject, gettext_lazy("The proposal was rejected.")),
}


@require_POST
@access.require(CHANGE)
def contact_check_decide(request, pk, decision):
    check = _proposal(request, pk)
    decide, done = DECISIONS[decision]
    return actions.perform(
        request,
        lambda: decide(check=check, user=request.user),
        done=done,
        refusals=contactcheck.ContactCheckError,
        to="teilnehmer:contact-check",
    )


# --- the contact person behind the link ----------------------------------------


_private = linkpages.private


def _check_link(request):
    check = contactcheck.check_for_link(request.session.get(SESSION_KEY, ""))
    return None if check is None else (str(check.pk), (check,))


#: The guard of the pages behind a check link (konferenz/core/linkpages.py).
check_link = linkpages.guard(_check_link, scope="contact-check-post")


def _opened(token):
    """The hash of a good check link, kept in the session."""
    if not tokens.is_well_formed(token):
        return None
    digest = tokens.token_hash(token)
    return digest if contactcheck.check_for_link(digest) is not None else None


def _own_data(contact):
    return {name: getattr(contact, name) for name in contactcheck.FIELDS}


def _page(request, check, *, form=None, successor_form=None, status=200):
    contact = check.contact
    return _private(
        render(
            request,
            "teilnehmer/contactcheck/page.html",
            {
                "check": check,
                "contact": contact,
                "partner_authority": contact.authority,
                "conference": {"police_authority": contact.authority.police_authority},
                "police_authority": contact.authority.police_authority,
                "form": form or ContactCheckForm(initial=_own_data(contact)),
                "successor_form": successor_form
                or ContactCheckForm(prefix="successor"),
            },
            status=status,
        )
    )


@login_not_required
@never_cache
@require_GET
@check_link
def check_page(request, check):
    return _page(request, check)


@login_not_required
@never_cache
@require_POST
@check_link
def check_confirm(request, check):
    return actions.perform(
        request,
        lambda: contactcheck.check_confirm(check=check),
        done=_("Thank you, you confirmed your data."),
        refusals=contactcheck.ContactCheckError,
        to=_private(redirect("contactcheck:page")),
    )


def _answer(request, check, form, act, done, *, which):
    """A corrected or named person: saved, or the page again (400) with the
    form ``which`` showing what is wrong."""
    if form.is_valid():
        try:
            act(check=check, data=form.cleaned_data)
        except contactcheck.ContactCheckError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return _private(redirect("contactcheck:page"))
    return _page(request, check, status=400, **{which: form})


@login_not_required
@never_cache
@require_POST
@check_link
def check_correct(request, check):
    return _answer(
        request,
        check,
        ContactCheckForm(request.POST),
        contactcheck.check_correct,
        _("Thank you, the organisers will take over your corrections."),
        which="form",
    )


@login_not_required
@never_cache
@require_POST
@check_link
def check_successor(request, check):
    return _answer(
        request,
        check,
        ContactCheckForm(request.POST, prefix="successor"),
        contactcheck.check_successor,
        _("Thank you, the organisers will contact your successor."),
        which="successor_form",
    )


#: The token URL (konferenz/core/linkpages.py).
check_open = linkpages.opener(
    _opened, session_key=SESSION_KEY, page="contactcheck:page"
)
