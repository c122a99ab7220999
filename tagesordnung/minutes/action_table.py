"""The rows of the actions list (Maßnahmen), built for a cheap cache miss
(issue 32), as the answers table (teilnehmer/invitations/table.py).

The rows are plain dictionaries read with ``values()``: no model is built
per row, links come from patterns reversed once per page
(konferenz/core/links.py), the status labels, the status select's options
and the classification badges are made once per page, and the template only
prints the finished values (no filter or tag per row). What the list may
show is decided before, by ``minutes_selectors.actions_list`` (the one
``visible_to`` filter); this module only reads the rows it selected.
"""

from django.utils.html import format_html, format_html_join

from konferenz.core import links
from tagesordnung.minutes.forms import ProgressForm
from tagesordnung.minutes.models import ActionItem
from tagesordnung.templatetags.minutes_tags import classification_badge

#: What a row of the list reads of an action, its conference, authority and
#: contact.
FIELDS = (
    "pk",
    "description",
    "classification",
    "due_date",
    "status",
    "conference_id",
    "conference__title",
    "responsible__name",
    "contact_id",
    "contact__title",
    "contact__first_name",
    "contact__last_name",
)


def values(actions):
    """``actions`` (a query set of the list) as the plain values of ``FIELDS``,
    still lazy: the paginator counts and slices it."""
    return actions.values(*FIELDS)


def _status_options():
    """Per status, the options of a row's status select with it selected."""
    choices = [
        (value, str(label))
        for value, label in ProgressForm.base_fields["status"].choices
    ]
    return {
        current: format_html_join(
            "",
            "{}",
            (
                (
                    format_html(
                        '<option value="{}" selected>{}</option>'
                        if value == current
                        else '<option value="{}">{}</option>',
                        value,
                        label,
                    ),
                )
                for value, label in choices
            ),
        )
        for current, _label in ActionItem.Status.choices
    }


def rows(values, *, today):
    """The dictionaries the template prints, one per action of ``values``
    (from ``values()``): links, labels and the overdue mark made here."""
    minutes_url = links.pattern("tagesordnung:minutes")
    progress_url = links.pattern("tagesordnung:action-progress")
    labels = {value: str(label) for value, label in ActionItem.Status.choices}
    options = _status_options()
    badges = {}
    result = []
    for value in values:
        level, status, due = value["classification"], value["status"], value["due_date"]
        if level not in badges:
            badges[level] = classification_badge(level)
        name = (
            value["contact__title"],
            value["contact__first_name"],
            value["contact__last_name"],
        )
        result.append(
            {
                "pk": value["pk"],
                "description": value["description"],
                "badge": badges[level],
                "responsible": value["responsible__name"],
                # As Contact.full_name; None: no contact named.
                "contact": " ".join(p for p in name if p)
                if value["contact_id"]
                else None,
                "due": f"{due:%d.%m.%Y}",
                "overdue": status != ActionItem.Status.DONE and due < today,
                "status_label": labels.get(status, status),
                "status_options": options.get(status, ""),
                "conference": value["conference__title"],
                "minutes_url": minutes_url(value["conference_id"]),
                "progress_url": progress_url(value["pk"]),
            }
        )
    return result
