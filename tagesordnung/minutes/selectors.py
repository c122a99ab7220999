"""Reads of the minutes that pages, partner pages and exports share.

Everything goes through ``visible_to(audience)`` (konferenz.core.classification).
"""

import difflib
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from konferenz.core.classification import (
    Audience,
    Classification,
    choices_not_below,
    document_level,
    filter_visible_history,
    is_visible,
    readable,
    strictest,
)
from konferenz.core.i18n import in_document_language
from konferenz.core.models import Conference
from tagesordnung.agenda.models import AgendaItem
from tagesordnung.minutes.models import (
    ActionItem,
    ClassifiedReadLog,
    Decision,
    Minutes,
    MinutesComment,
    MinutesEntry,
)
from teilnehmer.invitations.models import Invitation


@dataclass
class MinutesRow:
    number: int  # TOP number, the same in every version
    #: ``None`` when the reader may not read the agenda item: the row keeps
    #: its number ("in dieser Fassung nicht enthalten"), nothing else.
    item: AgendaItem | None
    entry: MinutesEntry | None
    decisions: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    comments: list = field(default_factory=list)

    @property
    def withheld(self):
        return self.item is None

    @property
    def child_choices(self):
        """The levels a new decision or action here may take (lowest first)."""
        return choices_not_below(self.level)

    @property
    def level(self):
        """The lowest classification a new decision or action here may have."""
        if self.item is None:
            return Classification.VS_NFD
        return self.entry.level if self.entry else self.item.classification


@dataclass
class MinutesView:
    minutes: Minutes
    rows: list

    @property
    def level(self):
        """The strictest level of what is shown (the document's marking)."""
        return document_level(
            *(
                level
                for row in self.rows
                if row.item is not None
                for level in (
                    row.item.classification,
                    row.entry.classification if row.entry else None,
                    *(d.classification for d in row.decisions),
                    *(a.classification for a in row.actions),
                )
            )
        )

    @property
    def vs_nfd(self):
        """Whether anything shown is VS-NfD."""
        return self.level == Classification.VS_NFD


def minutes_of(conference):
    """The minutes of ``conference`` (a conference or its pk), or ``None``."""
    return (
        Minutes.objects.filter(conference=conference)
        .select_related("minute_taker", "approved_by")
        .first()
    )


def minutes_readers(minutes):
    """The invitations whose partner link shows the approved ``minutes``.

    Until the minutes are distributed: those who were present (a deputy who
    came has an invitation of their own; whoever sent one was not present).
    Once distributed: exactly the distribution list. Whoever declined and did
    not come never reads them.
    """
    invitations = Invitation.objects.filter(conference_id=minutes.conference_id)
    if minutes.distributed_at is None:
        readers = invitations.filter(attended=True)
    else:
        readers = invitations.filter(minutes_received=minutes)
    return readers.without_absent(Invitation.Answer.DECLINED)


def distribution_candidates(minutes):
    """Who may be put on the distribution list: every invitee with an email
    address except those who declined and did not come."""
    return (
        Invitation.objects.filter(conference_id=minutes.conference_id)
        .exclude(contact__email="")
        .without_absent(Invitation.Answer.DECLINED)
        .select_related("contact__authority")
        .order_by("contact__authority__name", "contact__last_name", "pk")
    )


def _own(model):
    """Every column of ``model`` itself: with ``only()``, a related row's
    columns are narrowed to what the pages and documents print (issue 32),
    the row's own stay complete."""
    return [field.attname for field in model._meta.concrete_fields]


def _NAME_OF(contact):  # noqa: N802 - reads as a constant list of columns
    """The columns of a contact that its ``full_name`` and ``formal_name`` read."""
    return [
        f"{contact}__{name}"
        for name in ("salutation", "title", "first_name", "last_name")
    ]


def minutes_view(*, minutes, audience, with_comments=False, invitation=None):
    """Every TOP of ``minutes`` with what ``audience`` may read of it.

    TOP numbers count the whole agenda; an item the audience may not read is
    a withheld row. The number of queries does not grow with the rows.
    ``invitation`` limits the comments to the partner's own.
    """
    items = list(
        AgendaItem.objects.filter(conference_id=minutes.conference_id)
        .with_effective_classification()
        .order_by("position", "pk")
    )
    entries = {
        e.agenda_item_id: e
        for e in MinutesEntry.objects.filter(minutes=minutes).visible_to(audience)
    }
    # Decisions and actions are readable only with their entry and item.
    decisions = {}
    # By the entries' keys, not through a join on the minutes: PostgreSQL then
    # reads the decisions by index instead of scanning them all (issue 22).
    for decision in Decision.objects.filter(
        entry_id__in=[e.pk for e in entries.values()]
    ).visible_to(audience):
        decisions.setdefault(decision.entry_id, []).append(decision)
    actions = {}
    for action in (
        ActionItem.objects.filter(entry__minutes=minutes)
        .visible_to(audience)
        .select_related("responsible", "contact")
        .only(*_own(ActionItem), "responsible__name", *_NAME_OF("contact"))
        .prefetch_related("progress")
        .order_by("due_date", "pk")
    ):
        actions.setdefault(action.entry_id, []).append(action)
    comments = {}
    if with_comments or invitation is not None:
        qs = (
            MinutesComment.objects.filter(entry__minutes=minutes)
            .filter(entry__in=[e.pk for e in entries.values()])
            .select_related("invitation__contact__authority")
            .only(
                *_own(MinutesComment),
                *_NAME_OF("invitation__contact"),
                "invitation__contact__authority__name",
            )
        )
        if invitation is not None:
            qs = qs.filter(invitation=invitation)
        for comment in qs:
            comments.setdefault(comment.entry_id, []).append(comment)
    rows = []
    for number, item in enumerate(items, start=1):
        if not is_visible(item.effective_classification, audience):
            rows.append(MinutesRow(number=number, item=None, entry=None))
            continue
        entry = entries.get(item.pk)
        entry_pk = entry.pk if entry else None
        if entry is not None:
            entry.agenda_item = item  # read already: no query per row
        rows.append(
            MinutesRow(
                number=number,
                item=item,
                entry=entry,
                decisions=decisions.get(entry_pk, []),
                actions=actions.get(entry_pk, []),
                comments=comments.get(entry_pk, []),
            )
        )
    return MinutesView(minutes=minutes, rows=rows)


def classified_reads(view):
    """(kind, pk) of every VS-NfD part of ``view``: what a reader of it is
    logged as having been shown."""
    reads = []
    for row in view.rows:
        parts = [(ClassifiedReadLog.Kind.ENTRY, row.entry)] if row.entry else []
        parts += [(ClassifiedReadLog.Kind.DECISION, d) for d in row.decisions]
        parts += [(ClassifiedReadLog.Kind.ACTION, a) for a in row.actions]
        for kind, obj in parts:
            if strictest(row.level, obj.classification) == Classification.VS_NFD:
                reads.append((str(kind), obj.pk))
    return reads


def log_reads(*, minutes_id, user, reads):
    """Record that ``user`` was shown the VS-NfD parts ``reads`` of the
    minutes ``minutes_id`` (from ``classified_reads``, perhaps kept with a
    cached page)."""
    if reads:
        ClassifiedReadLog.objects.bulk_create(
            ClassifiedReadLog(
                user=user, minutes_id=minutes_id, kind=kind, object_id=object_id
            )
            for kind, object_id in reads
        )
    return len(reads)


# Actions across conferences


def actions_list(
    *,
    police_authority,
    audience,
    status="",
    responsible=None,
    conference=None,
    overdue=False,
    today=None,
):
    """The authority's actions for the list page, filtered."""
    today = today or timezone.localdate()
    # The tenant's conferences as a subquery as well: with the tenant only
    # joined, PostgreSQL scans every authority's actions (issue 22).
    qs = (
        ActionItem.objects.for_tenant(police_authority)
        .filter(
            conference__in=Conference.objects.for_tenant(police_authority).values("pk")
        )
        .visible_to(audience)
    )
    if status:
        qs = qs.filter(status=status)
    if responsible is not None:
        qs = qs.filter(responsible=responsible)
    if conference is not None:
        qs = qs.filter(conference=conference)
    if overdue:
        qs = qs.overdue(today)
    return qs.for_list_page()


def actions_for_partner(invitation):
    """Actions of the tenant assigned to the partner's own authority."""
    return (
        ActionItem.objects.for_tenant(invitation.conference.police_authority)
        .visible_to(Audience.PARTICIPANT)
        .filter(responsible_id=invitation.contact.authority_id)
        .select_related("conference")
        .prefetch_related("progress")
        .order_by("status", "due_date", "pk")
    )


# Versions


@in_document_language
def snapshot_content(minutes):
    """The whole content (every classification) as plain data for a snapshot.

    Each part keeps the keys of its agenda item and entry, so that a reader
    judges it by their *current* classification (``_snapshot_lines``).
    """
    entries = (
        MinutesEntry.objects.filter(minutes=minutes)
        .select_related("agenda_item")
        .prefetch_related("decisions", "actions__responsible")
        .order_by("agenda_item__position", "pk")
    )
    return [
        {
            "item_id": entry.agenda_item_id,
            "entry_id": entry.pk,
            "item": entry.agenda_item.title,
            "item_classification": entry.agenda_item.classification,
            "text": entry.text,
            "classification": entry.classification,
            "decisions": [
                {"text": d.text, "classification": d.classification}
                for d in entry.decisions.all()
            ],
            "actions": [
                {
                    "text": (
                        gettext("%(action)s – %(responsible)s, due %(date)s")
                        % {
                            "action": a.description,
                            "responsible": a.responsible.name,
                            "date": f"{a.due_date:%d.%m.%Y}",
                        }
                    ),
                    "classification": a.classification,
                }
                for a in entry.actions.all()
            ],
        }
        for entry in entries
    ]


def _snapshot_lines(content, audience, current):
    """The lines of a snapshot ``audience`` may read.

    ``current`` maps ("item", pk) and ("entry", pk) to today's classification:
    a part counts as strict as the stored levels *and* its item and entry as
    they are now. A part of an old snapshot without keys is treated as VS-NfD.
    """
    lines = []
    for part in content:
        if "item_id" in part:
            item_now = current.get(("item", part["item_id"]))
            entry_now = current.get(("entry", part.get("entry_id")))
        else:
            item_now = entry_now = Classification.VS_NFD
        heading = (part.get("item_classification", Classification.VS_NFD), item_now)
        if not readable(audience, *heading):
            continue
        lines.append(f"## {part['item']}")
        entry_levels = (*heading, part["classification"], entry_now)
        if readable(audience, *entry_levels) and part["text"]:
            lines.extend(part["text"].splitlines())
        for decision in part["decisions"]:
            if readable(audience, *entry_levels, decision["classification"]):
                lines.append(gettext("Decision: %(text)s") % {"text": decision["text"]})
        for action in part["actions"]:
            if readable(audience, *entry_levels, action["classification"]):
                lines.append(gettext("Action: %(text)s") % {"text": action["text"]})
    return lines


def minutes_diff(*, minutes, audience):
    """An escaped HTML table: the last approved version against the current one."""
    snapshot = minutes.snapshots.order_by("-revision").first()
    if snapshot is None:
        return None, None
    current = {
        ("item", pk): level
        for pk, level in AgendaItem.objects.filter(
            conference_id=minutes.conference_id
        ).values_list("pk", "classification")
    }
    current.update(
        (("entry", pk), level)
        for pk, level in MinutesEntry.objects.filter(minutes=minutes).values_list(
            "pk", "classification"
        )
    )
    old = _snapshot_lines(snapshot.content, audience, current)
    new = _snapshot_lines(snapshot_content(minutes), audience, current)
    rows = []
    for line in difflib.ndiff(old, new):
        tag, text = line[:1], line[2:]
        if tag == "?":
            continue
        kind = {"-": "removed", "+": "added"}.get(tag, "same")
        rows.append((kind, escape(text)))
    return snapshot, rows


#: How many changes the history page lists (the newest).
HISTORY_ROWS = 300


def minutes_history(*, minutes, audience):
    """The newest changes of the minutes' entries, decisions and actions the
    audience may read: (historical row, kind, what) tuples, newest first."""

    # The newest HISTORY_ROWS of all three are among the newest of each.
    def newest(history, **of_minutes):
        visible = filter_visible_history(history.filter(**of_minutes), audience)
        return visible.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[:HISTORY_ROWS]

    entries = newest(
        MinutesEntry.history.select_related("agenda_item"), minutes_id=minutes.pk
    )
    decisions = newest(Decision.history, entry__minutes_id=minutes.pk)
    actions = newest(ActionItem.history, entry__minutes_id=minutes.pk)
    return sorted(
        [
            *[(r, gettext("Entry"), str(r.agenda_item)) for r in entries],
            *[(r, gettext("Decision"), r.text[:80]) for r in decisions],
            *[(r, gettext("Action"), r.description[:80]) for r in actions],
        ],
        key=lambda t: t[0].history_date,
        reverse=True,
    )[:HISTORY_ROWS]


def classified_read_log(*, minutes):
    """Who read the minutes' VS-NfD parts, the newest first."""
    return ClassifiedReadLog.objects.filter(minutes=minutes).select_related("user")[
        :HISTORY_ROWS
    ]
