"""Everything that writes press releases."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from konferenz.core.locking import bump, lock_unchanged
from konferenz.core.models import Conference
from konferenz.core.selectors import HELD_STATUSES
from konferenz.core.transitions import StatusTable
from konferenz.press import generator, signoff
from konferenz.press.models import PressQuote, PressRelease, PressReleaseVersion

#: The workflow: a draft is approved, an approved text published; any change
#: starts a new draft (_save_as_new_draft).
TABLE = StatusTable(
    PressRelease.Status,
    {
        PressRelease.Status.DRAFT: {PressRelease.Status.APPROVED},
        PressRelease.Status.APPROVED: {
            PressRelease.Status.PUBLISHED,
            PressRelease.Status.DRAFT,
        },
        PressRelease.Status.PUBLISHED: {PressRelease.Status.DRAFT},
    },
    message=gettext_lazy("A press release cannot go from “%(from)s” to “%(to)s”."),
)


class PressError(Exception):
    """A press action that is not allowed now; the message is for the user."""


def _conference_with_sequence(conference):
    return (
        Conference.objects.with_sequence()
        .select_related("police_authority")
        .get(pk=conference.pk)
    )


@transaction.atomic
def press_release_generate(*, conference, user):
    """Create the draft from the conference's public facts, or regenerate it."""
    # A press release is written about a conference that took place.
    if conference.status not in HELD_STATUSES:
        raise PressError(
            _("A press release can be drafted once the conference has taken place.")
        )
    conference = _conference_with_sequence(conference)
    # Locked: the edit is counted with locking.bump below.
    release = (
        PressRelease.objects.select_for_update().filter(conference=conference).first()
    )
    if release is not None and release.sequence_number is not None:
        conference.sequence = release.sequence_number  # 0: no number
    facts = generator.collect_facts(
        conference, with_guests=release is not None and release.name_guests
    )
    quotes = list(release.quotes.all()) if release else []
    use_prefix = release.use_prefix if release else True
    fields = {
        "title": generator.title(facts, use_prefix=use_prefix),
        "place_line": generator.place_line(facts),
        "body": generator.body(facts, quotes),
        "author": user,
    }
    if release is None:
        return PressRelease.objects.create(conference=conference, **fields)
    for name, value in fields.items():
        setattr(release, name, value)
    _save_as_new_draft(release)
    return release


def _save_as_new_draft(release):
    # Any change after approval starts a new draft; the approved text stays
    # frozen in PressReleaseVersion. ``release`` is locked by the caller.
    if release.status != PressRelease.Status.DRAFT:
        release.status = PressRelease.Status.DRAFT
        release.published_on = None
    bump(release)
    release.save()


@transaction.atomic
def press_release_update(*, release, version, user, **fields):
    """Save the press office's edits, unless someone saved in between."""
    locked = lock_unchanged(
        PressRelease,
        release.pk,
        version,
        message=_(
            "Someone else saved this press release in the meantime. "
            "Your text was not saved; please compare and save again."
        ),
    )
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.author = user
    _save_as_new_draft(locked)
    signoff.reset_changed_quotes(locked)
    return locked


@transaction.atomic
def press_release_approve(*, release, user, quotes_reason=""):
    """The head approves: the text is frozen as a numbered version, with how
    every quote stood; a quote its person has not approved needs a reason."""
    release = PressRelease.objects.select_for_update().get(pk=release.pk)
    if not TABLE.allows(release.status, PressRelease.Status.APPROVED):
        raise PressError(_("Only a draft can be approved."))
    refusal = signoff.approval_refusal(release, quotes_reason)
    if refusal:
        raise PressError(refusal)
    number = release.versions.count() + 1
    version = PressReleaseVersion.objects.create(
        press_release=release,
        number=number,
        title=release.title,
        place_line=release.place_line,
        body=release.body,
        text=ots_text(release),
        approved_by=user,
        approved_at=timezone.now(),
        quotes_reason=quotes_reason.strip() if signoff.unapproved(release) else "",
    )
    signoff.record_approvals(version, release)
    release.status = PressRelease.Status.APPROVED
    release.save(update_fields=["status", "updated_at"])
    return release


@transaction.atomic
def press_release_publish(*, release, published_on, presseportal_url=""):
    release = PressRelease.objects.select_for_update().get(pk=release.pk)
    if not TABLE.allows(release.status, PressRelease.Status.PUBLISHED):
        raise PressError(_("Only an approved press release can be published."))
    release.status = PressRelease.Status.PUBLISHED
    release.published_on = published_on
    release.presseportal_url = presseportal_url
    release.save(
        update_fields=["status", "published_on", "presseportal_url", "updated_at"]
    )
    return release


@transaction.atomic
def press_quote_add(*, release, person, function, text, placement, contact=None):
    """Store the quote and put its paragraph into the text at its place."""
    release = PressRelease.objects.select_for_update().get(pk=release.pk)
    quote = PressQuote.objects.create(
        press_release=release,
        contact=contact,
        person=person,
        function=function,
        text=text,
        placement=placement,
        position=release.quotes.count(),
    )
    paragraphs = [p for p in release.body.split("\n\n") if p.strip()]
    if placement == PressQuote.Placement.AFTER_LEAD:
        index = min(1, len(paragraphs))
    elif placement == PressQuote.Placement.AFTER_TOPICS:
        index = next(
            (
                i + 1
                for i, p in enumerate(paragraphs)
                if p.startswith("Auf der Tagesordnung")
            ),
            len(paragraphs),
        )
    else:
        index = len(paragraphs)
    paragraphs.insert(index, generator.quote_paragraph(quote))
    release.body = "\n\n".join(paragraphs)
    _save_as_new_draft(release)
    return quote


def press_quote_delete(*, quote):
    quote.delete()


def release_date(release):
    """The date line of the release: published, embargo, or today."""
    if release.published_on:
        return release.published_on
    if release.embargo_at:
        return timezone.localtime(release.embargo_at).date()
    return timezone.localdate()


def ots_text(release):
    return generator.ots_text(
        title=release.title,
        place_line=release.place_line,
        body=release.body,
        police_authority=release.conference.police_authority,
        release_date=release_date(release),
    )


def publication_refusal(conference):
    """Condition of the conference status "published" (registered with the
    workflow in konferenz/apps.py): an approved or published press release."""
    approved = PressRelease.objects.filter(
        conference=conference,
        status__in=(PressRelease.Status.APPROVED, PressRelease.Status.PUBLISHED),
    ).exists()
    if approved:
        return None
    return _(
        "The conference can be marked as published once its press "
        "release is approved – or explicitly without a press release, "
        "with a reason."
    )
