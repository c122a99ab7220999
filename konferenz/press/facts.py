"""Public content of a conference for the press release.

Both functions read through the classification selector with the PUBLIC
audience (docs/architecture.md, classification), so nothing internal or
VS-NfD can reach the press.
"""

from django.db.models import Q

from konferenz.core.classification import Audience
from tagesordnung.agenda.models import AgendaItem
from tagesordnung.minutes.models import Decision

#: Titles of formal agenda items without a (formal) catalogue topic.
FORMAL_TITLE_STARTS = ("Begrüßung", "Eröffnung", "Verschiedenes", "Fazit", "Pause")


def public_topics(conference):
    """Titles of the conference's public agenda items that are topics (not
    formal items such as the welcome or any other business), in agenda order."""
    formal = Q(topic__is_formal=True)
    for start in FORMAL_TITLE_STARTS:
        formal |= Q(title__istartswith=start)
    return list(
        AgendaItem.objects.filter(conference=conference)
        .visible_to(Audience.PUBLIC)
        .exclude(formal)
        .order_by("position", "pk")
        .values_list("title", flat=True)
    )


def public_decisions(conference):
    """Texts of the conference's public decisions (of public agenda items)."""
    return list(
        Decision.objects.filter(entry__minutes__conference=conference)
        .visible_to(Audience.PUBLIC)
        .order_by("entry__agenda_item__position", "created_at", "pk")
        .values_list("text", flat=True)
    )
