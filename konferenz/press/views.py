"""The press area of a conference: draft, edit, approve, publish, export."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from konferenz.core import access, actions, changestamp, downloads, locking
from konferenz.core.classification import audience_for_user
from konferenz.core.selectors import HELD_STATUSES
from konferenz.core.selectors import conference_for_request as _conference
from konferenz.documents.docx import DOCX_CONTENT_TYPE
from konferenz.press import exports, selectors, services, signoff
from konferenz.press.forms import (
    ApprovalReasonForm,
    PressQuoteForm,
    PressReleaseForm,
    PublishForm,
)
from konferenz.press.models import PressQuote, PressRelease, PressReleaseVersion


def _release(conference):
    try:
        return conference.press_release
    except PressRelease.DoesNotExist:
        raise Http404 from None


def _hub(request, conference, template, context):
    return render(
        request,
        template,
        {"conference": conference, "active_tab": "press", **context},
    )


def _press_parts(request, conference, *, kind, build, variant=""):
    """Parts of a press page, kept per conference change stamp (the press
    release, its quotes and versions are in it), audience, the reader's press
    permissions and language (konferenz/core/changestamp.py)."""
    can_change = request.user.has_perm("konferenz.change_press_release")
    can_approve = request.user.has_perm("konferenz.approve_press_release")
    return changestamp.cached_parts(
        request,
        kind=kind,
        conference_id=conference.pk,
        audience=audience_for_user(request.user),
        variant=f"{variant}:change={can_change}:approve={can_approve}",
        build=lambda: build(can_change=can_change, can_approve=can_approve),
    )


@access.require("konferenz.view_press_release")
def press_release_detail(request, pk):
    conference = _conference(request, pk)

    def build(**permissions):
        release = PressRelease.objects.filter(conference=conference).first()
        if release:  # the conference read above, with its authority
            release.conference = conference
        context = {
            "conference": conference,
            "release": release,
            "can_generate": conference.status in HELD_STATUSES,
            **permissions,
        }
        if release:
            context.update(_release_context(release, forms=permissions["can_change"]))
        return {
            "body": changestamp.render_part(
                "konferenz/press/parts/detail.html", context
            )
        }

    # "no answer" moves with the clock: the day is part of the key
    parts = _press_parts(
        request,
        conference,
        kind="press-page",
        build=build,
        variant=str(timezone.localdate()),
    )
    return _hub(
        request,
        conference,
        "konferenz/press/press_release_detail.html",
        {"parts": parts},
    )


@require_POST
@access.require("konferenz.change_press_release")
def press_release_generate(request, pk):
    conference = _conference(request, pk)
    return actions.perform(
        request,
        lambda: services.press_release_generate(
            conference=conference, user=request.user
        ),
        done=_("The draft was created from the conference's public facts."),
        refusals=services.PressError,
        to=redirect("konferenz:press-release", pk=conference.pk),
    )


@access.require("konferenz.change_press_release")
def press_release_edit(request, pk):
    conference = _conference(request, pk)
    release = _release(conference)
    form = PressReleaseForm(
        request.POST or None, instance=release, initial={"version": release.version}
    )

    def save():
        data = {name: form.cleaned_data[name] for name in PressReleaseForm.Meta.fields}
        services.press_release_update(
            release=release,
            version=form.cleaned_data["version"],
            user=request.user,
            **data,
        )
        messages.success(request, _("The press release was saved."))
        return redirect("konferenz:press-release", pk=conference.pk)

    def page(context):
        template = "konferenz/press/press_release_form.html"
        context = {"form": form, "release": release, **context}
        return _hub(request, conference, template, context)

    return locking.edit(request, form, save=save, page=page)


@require_POST
@access.require("konferenz.approve_press_release")
def press_release_approve(request, pk):
    conference = _conference(request, pk)
    form = ApprovalReasonForm(request.POST)
    reason = form.cleaned_data["quotes_reason"] if form.is_valid() else ""
    return actions.perform(
        request,
        lambda: services.press_release_approve(
            release=_release(conference), user=request.user, quotes_reason=reason
        ),
        done=_("The press release was approved; this text is frozen."),
        refusals=services.PressError,
        to=redirect("konferenz:press-release", pk=conference.pk),
    )


@require_POST
@access.require("konferenz.change_press_release")
def press_release_publish(request, pk):
    conference = _conference(request, pk)
    release = _release(conference)
    form = PublishForm(request.POST, instance=release)
    to = redirect("konferenz:press-release", pk=conference.pk)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return to
    return actions.perform(
        request,
        lambda: services.press_release_publish(
            release=release,
            published_on=form.cleaned_data["published_on"],
            presseportal_url=form.cleaned_data["presseportal_url"],
        ),
        done=_("The press release is marked as published."),
        refusals=services.PressError,
        to=to,
    )


@require_POST
@access.require("konferenz.change_press_release")
def press_quote_add(request, pk):
    conference = _conference(request, pk)
    release = _release(conference)
    form = PressQuoteForm(request.POST, police_authority=conference.police_authority)
    if form.is_valid():
        services.press_quote_add(release=release, **form.cleaned_data)
        messages.success(request, _("The quote was added to the text."))
        return redirect("konferenz:press-release", pk=conference.pk)
    return _hub(
        request,
        conference,
        "konferenz/press/press_release_detail.html",
        {**_release_context(release, form), "can_generate": True},
    )


def _release_context(release, quote_form=None, *, forms=True):
    """What the press page shows of a release: the ots text, the quotes with
    their sign-off state, the frozen versions and – for the reader who is
    shown them (``forms``; issue 32) – the forms (``quote_form``: the one
    typed into, else a new one)."""
    if forms and quote_form is None:
        quote_form = PressQuoteForm(
            police_authority=release.conference.police_authority
        )
    return {
        "release": release,
        "ots_text": services.ots_text(release),
        **_quote_context(release, quote_form),
        "versions": selectors.approved_versions(release),
        "publish_form": PublishForm(instance=release) if forms else None,
    }


def _quote_context(release, quote_form):
    """The quotes with their sign-off state, for the press page."""
    quotes = list(release.quotes.select_related("contact__authority"))
    now = timezone.now()
    for quote in quotes:
        quote.no_answer = signoff.no_answer(quote, now)
    return {
        "quotes": quotes,
        "quote_form": quote_form,
        "unapproved_quotes": [
            q for q in quotes if not signoff.is_approved(q, release.body)
        ],
        "reason_form": ApprovalReasonForm(),
    }


def _quote_of(conference, quote_pk):
    return get_object_or_404(
        PressQuote.objects.select_related("press_release"),
        pk=quote_pk,
        press_release__conference=conference,
    )


#: The steps on one quote (``press_quote_step``, named in
#: konferenz/press/urls.py): the sign-off call and what it did.
QUOTE_STEPS = {
    # „Zur Freigabe senden“: the quoted person gets the quote by mail.
    "request": (
        signoff.quote_request_approval,
        lambda quote: (
            _("The quote was sent to %(person)s for approval.")
            % {"person": quote.person}
        ),
    ),
    # The proposed wording goes into the draft with one click.
    "take-over": (
        signoff.quote_take_over,
        lambda quote: _("The proposed wording was taken over into the draft."),
    ),
}


@require_POST
@access.require("konferenz.change_press_release")
def press_quote_step(request, pk, quote_pk, step):
    conference = _conference(request, pk)
    quote = _quote_of(conference, quote_pk)
    act, done = QUOTE_STEPS[step]
    return actions.perform(
        request,
        lambda: act(quote=quote, user=request.user),
        done=lambda _result: done(quote),
        refusals=signoff.SignOffError,
        to=reverse("konferenz:press-release", args=[conference.pk]) + "#zitate",
    )


@require_POST
@access.require("konferenz.change_press_release")
def press_quote_delete(request, pk, quote_pk):
    conference = _conference(request, pk)
    quote = get_object_or_404(
        PressQuote, pk=quote_pk, press_release__conference=conference
    )
    services.press_quote_delete(quote=quote)
    messages.success(
        request, _("The quote was removed from the list; please check the text.")
    )
    return redirect("konferenz:press-release", pk=conference.pk)


def _filename(release, extension):
    return _("Press-release-%(date)s.%(ext)s") % {
        "date": f"{release.conference.date:%Y-%m-%d}",
        "ext": extension,
    }


@access.require("konferenz.view_press_release")
def press_release_export(request, pk, fmt):
    conference = _conference(request, pk)
    release = _release(conference)
    if fmt == "txt":
        content, content_type = services.ots_text(release), "text/plain; charset=utf-8"
    elif fmt == "docx":
        content, content_type = exports.press_release_docx(release), DOCX_CONTENT_TYPE
    elif fmt == "pdf":
        content, content_type = exports.press_release_pdf(release), downloads.PDF
    else:
        raise Http404
    return downloads.attachment(
        content, content_type=content_type, filename=_filename(release, fmt)
    )


@access.require("konferenz.view_press_release")
def press_release_version(request, pk, number):
    """An approved version: frozen, so its page is rendered once (and again
    only after a change of the conference's stamp)."""
    conference = _conference(request, pk)

    def build(**permissions):
        version = get_object_or_404(
            PressReleaseVersion.objects.filter(
                press_release__conference=conference
            ).select_related("approved_by"),
            number=number,
        )
        return {
            "body": changestamp.render_part(
                "konferenz/press/parts/version.html",
                {
                    "conference": conference,
                    "version": version,
                    "records": list(version.quote_records.all()),
                    # The quoted people's addresses are evidence for who
                    # answers for the release, not for every reader.
                    "show_evidence": any(permissions.values()),
                },
            )
        }

    parts = _press_parts(
        request, conference, kind="press-version", variant=f"v{number}", build=build
    )
    return _hub(
        request,
        conference,
        "konferenz/press/press_release_version.html",
        {"number": number, "parts": parts},
    )
