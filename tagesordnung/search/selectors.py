"""Search across the authority's minutes entries, decisions and actions.

PostgreSQL: full-text search with the German configuration, prefix matching
(“Clan” finds “Clankriminalität”), ranked, with highlighted snippets. Other
databases (SQLite): a plain ``icontains`` match. Every source is read through
``visible_to(audience)``; snippets are escaped except for our own <mark> tags.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tagesordnung.minutes.models import ActionItem, Decision, MinutesEntry

LIMIT = 50
# Private-use characters as highlight markers: they survive escaping untouched.
START, STOP = "\ue000", "\ue001"


@dataclass
class Result:
    kind: str
    conference: object
    title: str
    snippet: str
    rank: float
    classification: str
    entry_id: int | None = None  # the minutes entry it belongs to (link target)


def _sources(police_authority, audience):
    entries = (
        MinutesEntry.objects.for_tenant(police_authority)
        .visible_to(audience)
        .exclude(text="")
        .select_related("minutes__conference", "agenda_item")
    )
    decisions = (
        Decision.objects.for_tenant(police_authority)
        .visible_to(audience)
        .select_related("entry__minutes__conference", "entry__agenda_item")
    )
    actions = (
        ActionItem.objects.for_tenant(police_authority)
        .visible_to(audience)
        .select_related("conference", "entry__agenda_item")
    )
    return [
        (_("Minutes"), entries, "text", _entry_conference, _entry_title, "pk"),
        (_("Decision"), decisions, "text", _child_conference, _child_title, "entry_id"),
        (
            _("Action"),
            actions,
            "description",
            _action_conference,
            _child_title,
            "entry_id",
        ),
    ]


def _entry_conference(entry):
    return entry.minutes.conference


def _entry_title(entry):
    return entry.agenda_item.title


def _child_conference(row):
    return row.entry.minutes.conference


def _child_title(row):
    return row.entry.agenda_item.title


def _action_conference(action):
    return action.conference


def _tsquery(query):
    """Every word as a prefix, all words required: “Clan Gewalt” → Clan:* & Gewalt:*."""
    words = re.findall(r"\w+", query)
    return " & ".join(f"{w}:*" for w in words)


def _highlight(snippet):
    html = escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
    # Escaped above; only our own <mark> tags are added.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703


def search(*, police_authority, query, audience):
    if connection.vendor == "postgresql":
        return _search_postgres(police_authority, query, audience)
    return _search_simple(police_authority, query, audience)


def _search_postgres(police_authority, query, audience):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    tsquery = _tsquery(query)
    if not tsquery:
        return []
    results = []
    for kind, qs, field, conference, title, entry in _sources(
        police_authority, audience
    ):
        search_query = SearchQuery(tsquery, config="german", search_type="raw")
        vector = SearchVector(field, config="german")
        rows = (
            qs.annotate(rank=SearchRank(vector, search_query))
            .filter(rank__gt=0)
            .annotate(
                snippet=SearchHeadline(
                    F(field),
                    search_query,
                    config="german",
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=10,
                )
            )
            .order_by("-rank", "pk")[:LIMIT]
        )
        for row in rows:
            results.append(
                Result(
                    kind=kind,
                    conference=conference(row),
                    title=title(row),
                    snippet=_highlight(row.snippet),
                    rank=row.rank,
                    classification=row.classification,
                    entry_id=getattr(row, entry),
                )
            )
    results.sort(key=lambda r: -r.rank)
    return results[:LIMIT]


def _search_simple(police_authority, query, audience):
    results = []
    for kind, qs, field, conference, title, entry in _sources(
        police_authority, audience
    ):
        rows = (
            qs.filter(**{f"{field}__icontains": query})
            .annotate(rank=Value(1.0))
            .order_by("pk")[:LIMIT]
        )
        for row in rows:
            text = getattr(row, field)
            at = text.lower().find(query.lower())
            begin = max(0, at - 80)
            piece = text[begin : at + len(query) + 120]
            offset = at - begin
            marked = (
                piece[:offset]
                + START
                + piece[offset : offset + len(query)]
                + STOP
                + piece[offset + len(query) :]
            )
            results.append(
                Result(
                    kind=kind,
                    conference=conference(row),
                    title=title(row),
                    snippet=_highlight(("…" if begin else "") + marked),
                    rank=1.0,
                    classification=row.classification,
                    entry_id=getattr(row, entry),
                )
            )
    return results[:LIMIT]
