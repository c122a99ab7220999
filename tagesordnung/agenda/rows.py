"""The rows of the agenda list as plain dictionaries, made once per request
(issues 22, 32): the row's URLs from patterns reversed once, its labels from
format strings translated once, its times, badges, duration and presenter
line formatted here – the template only prints finished values (no
``{% with %}``, ``{% url %}``, ``{% blocktranslate %}`` or filter per row).

What a reader may see was decided before, by ``selectors.agenda`` (the one
classification filter): a withheld row keeps its number and time only."""

from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from konferenz.core import links
from tagesordnung.templatetags.minutes_tags import classification_badge


class _Page:
    """What every row shares: the translated texts and the URL patterns."""

    def __init__(self, can_edit):
        self.can_edit = can_edit
        self.top = _("TOP %(n)s")
        self.due = _("due")
        self.labels = {
            "move_up": _("Move TOP %(n)s up"),
            "move_down": _("Move TOP %(n)s down"),
            "edit": _("Edit TOP %(n)s"),
            "remove": _("Remove TOP %(n)s"),
            "actions": _("Actions for TOP %(n)s"),
        }
        self.confirm = _("Remove “%(title)s” from the agenda?")
        self.download = links.pattern("tagesordnung:attachment-download")
        if can_edit:
            self.move = links.pattern("tagesordnung:item-move")
            self.edit = links.pattern("tagesordnung:item-edit")
            self.delete = links.pattern("tagesordnung:item-delete")
        self.badges = {}

    def badge(self, level):
        if level not in self.badges:
            self.badges[level] = classification_badge(level)
        return self.badges[level]


def _details(item):
    """The small line below the title: topic · duration · presenter."""
    minutes = item.duration_minutes
    parts = [item.topic.name] if item.topic_id else []
    parts.append(
        ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes)
        % {"minutes": minutes}
    )
    presenter = item.presenter_display
    if presenter:
        parts.append(presenter)
    return " · ".join(parts)


def _open_action(page, action):
    return (
        f"{action.description} – {action.responsible.name}, {page.due} "
        f"{action.due_date:%d.%m.%Y} ({action.get_status_display()}; "
        f"{action.conference.title})"
    )


def _item_row(page, row, number):
    item = row.item
    result = {
        "pk": item.pk,
        "title": item.title,
        "badge": page.badge(item.classification),
        "proposal": bool(item.proposal_id),
        "details": _details(item),
        "open_actions": [_open_action(page, a) for a in item.open_actions],
        # linebreaksbr escapes the text first.
        "description": linebreaksbr(item.description) if item.description else "",
        "attachments": [
            {
                "url": page.download(a.pk),
                "name": a.original_name,
                "badge": page.badge(a.classification),
            }
            for a in item.visible_attachments
        ],
    }
    if page.can_edit:
        result["labels"] = {k: text % number for k, text in page.labels.items()}
        result["move_url"] = page.move(item.pk)
        result["edit_url"] = page.edit(item.pk)
        result["delete_url"] = page.delete(item.pk)
        result["remove_confirm"] = page.confirm % {"title": item.title}
    return result


def rows(plan, *, can_edit):
    """One dictionary per row of ``plan`` (``selectors.agenda``), in order;
    ``withheld`` rows carry their number and time only."""
    page = _Page(can_edit)
    result = []
    for row in plan.rows:
        number = {"n": row.number}
        shared = {
            "withheld": row.withheld,
            "top_label": page.top % number,
            "when": f"{row.start:%H:%M}–{row.end:%H:%M}",
        }
        if row.withheld:
            result.append(shared)
        else:
            result.append({**shared, **_item_row(page, row, number)})
    return result
