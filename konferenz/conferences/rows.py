"""The rows of the conference list (ConferenceListView), read with
``values()`` and labelled once per page (konferenz/core/rows.py)."""

from konferenz.core import links
from konferenz.core.models import Conference, ConferenceTransition
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


def transition_rows(conference):
    """The status history of ``conference`` for its overview, oldest first
    (one query): each step with its labels and the name of who took it
    (``by_name``: full name, else user name; "" without a user)."""
    statuses = labels(Conference.Status)
    causes = labels(ConferenceTransition.Cause)
    values = (
        ConferenceTransition.objects.filter(conference=conference)
        .order_by("at", "pk")
        .values(
            "at",
            "from_status",
            "to_status",
            "note",
            "cause",
            "is_undo",
            "by_id",
            "by__first_name",
            "by__last_name",
            "by__username",
        )
    )
    return [
        Row(
            value,
            from_label=statuses.get(value["from_status"], value["from_status"]),
            to_label=statuses.get(value["to_status"], value["to_status"]),
            cause_label=causes.get(value["cause"], value["cause"]),
            by_name=_user_name(value) if value["by_id"] else "",
        )
        for value in values
    ]


def _user_name(value):
    # As User.get_full_name()|default:User.get_username().
    full_name = f"{value['by__first_name']} {value['by__last_name']}".strip()
    return full_name or value["by__username"]
