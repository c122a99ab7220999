"""The rows of the conference list (ConferenceListView), read with
``values()`` and labelled once per page (konferenz/core/rows.py)."""

from konferenz.core import links
from konferenz.core.models import Conference
from konferenz.core.rows import Row, date_text, labels, status_badge_class

#: What a row of the list reads of a conference (``sequence``: the
#: annotation of ``with_sequence()``).
FIELDS = ("pk", "date", "title", "kind", "status", "sequence")


def conference_rows(values):
    """The list's rows from ``values(*FIELDS)``: date, link, kind, number and
    status badge as the page shows them."""
    url = links.pattern("konferenz:conference-detail")
    kinds = labels(Conference.Kind)
    statuses = labels(Conference.Status)
    return [
        Row(
            value,
            url=url(value["pk"]),
            date_text=date_text(value["date"]),
            kind_label=kinds.get(value["kind"], value["kind"]),
            number=f"{value['sequence']}." if value["sequence"] else "",
            status_label=statuses.get(value["status"], value["status"]),
            badge=status_badge_class(value["status"]),
        )
        for value in values
    ]
