"""The minutes page's rows as plain dictionaries (issue 32), as the answers
table (teilnehmer/invitations/table.py): links from patterns reversed once
per page (konferenz/core/links.py), labels translated once per page,
Markdown, dates and classification badges made here – the templates
(minutes/parts/body.html, contents.html, review_comments.html) print finished
values, with no ``{% include %}``, ``{% url %}``, ``{% blocktranslate %}`` or
filter per row.

What a reader may see was decided before, by ``selectors.minutes_view`` (the
one classification filter): a withheld row keeps its number only.
"""

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from konferenz.core import links
from konferenz.core.markdown import render_markdown
from tagesordnung.minutes.models import ActionItem, MinutesComment
from tagesordnung.templatetags.minutes_tags import classification_badge

_URLS = {
    "decision_delete": "tagesordnung:decision-delete",
    "action_edit": "tagesordnung:action-edit",
    "action_delete": "tagesordnung:action-delete",
    "entry_edit": "tagesordnung:entry-edit",
    "decision_add": "tagesordnung:decision-add",
    "action_add": "tagesordnung:action-add",
    "comment_reply": "tagesordnung:comment-reply",
}


def _local(moment, fmt):
    return f"{timezone.localtime(moment):{fmt}}"


class _Page:
    """What every row shares: texts translated once, URL patterns, badges."""

    def __init__(self, *, editable, failed):
        self.editable = editable
        self.failed = failed
        self.item = _("Item %(n)s")
        self.url = {key: links.pattern(name) for key, name in _URLS.items()}
        self.action_status = dict(ActionItem.Status.choices)
        self.comment_state = dict(MinutesComment.State.choices)
        self.missing = (_("No text yet."), _("No decisions."), _("No actions."))
        self._badges = {}

    def badge(self, level):
        if level not in self._badges:
            self._badges[level] = classification_badge(level)
        return self._badges[level]


def _decision(page, decision):
    return {
        "text": decision.text,
        "badge": page.badge(decision.classification),
        "delete_url": page.url["decision_delete"](decision.pk),
    }


def _action(page, action):
    contact = action.contact
    return {
        "description": action.description,
        "responsible": action.responsible.name,
        "contact": contact.full_name if contact else None,
        "due": f"{action.due_date:%d.%m.%Y}",
        "status_label": str(page.action_status.get(action.status, action.status)),
        "badge": page.badge(action.classification),
        "edit_url": page.url["action_edit"](action.pk),
        "delete_url": page.url["action_delete"](action.pk),
        "progress": [
            {
                "date": _local(note.created_at, "%d.%m.%Y"),
                "status_label": str(page.action_status.get(note.status, note.status)),
                "note": note.note,
            }
            for note in action.progress.all()
        ],
    }


def _comment(page, comment):
    contact = comment.invitation.contact
    return {
        "pk": comment.pk,
        "name": contact.full_name,
        "authority": contact.authority.name,
        "created": _local(comment.created_at, "%d.%m.%Y %H:%M"),
        "text": linebreaksbr(comment.text),
        "state": comment.state,
        "state_label": str(page.comment_state.get(comment.state, comment.state)),
        "reply": linebreaksbr(comment.reply) if comment.reply else "",
        "reply_url": page.url["comment_reply"](comment.pk),
    }


def _counts(decisions, actions):
    """“(1 decision, 2 actions)” for the contents, or ""."""
    parts = []
    if decisions:
        n = len(decisions)
        parts.append(ngettext("%(n)s decision", "%(n)s decisions", n) % {"n": n})
    if actions:
        n = len(actions)
        parts.append(ngettext("%(n)s action", "%(n)s actions", n) % {"n": n})
    return f"({', '.join(parts)})" if parts else ""


def _missing(page, row):
    entry = row.entry
    no_text, no_decisions, no_actions = page.missing
    text = f"{no_text} " if entry and not entry.text else ""
    text += "" if row.decisions else f"{no_decisions} "
    return text + ("" if row.actions else no_actions)


def _entry(page, row, result):
    """The entry's own parts of ``result`` (text, links, the decision form)."""
    entry = row.entry
    result["entry_pk"] = entry.pk if entry else None
    result["text"] = render_markdown(entry.text) if entry and entry.text else ""
    result["entry_badge"] = page.badge(entry.classification) if entry else ""
    if page.editable and entry:
        failed = page.failed
        result["failed"] = failed if failed and failed["entry"] == entry.pk else None
        result["child_choices"] = row.child_choices
        for key in ("entry_edit", "decision_add", "action_add"):
            result[f"{key}_url"] = page.url[key](entry.pk)


def _row(page, row):
    label = page.item % {"n": row.number}
    if row.withheld:
        return {"withheld": True, "label": label}
    item = row.item
    decisions, actions = row.decisions, row.actions
    result = {
        "withheld": False,
        "label": label,
        "item_pk": item.pk,
        "title": item.title,
        "badge": page.badge(item.classification),
        "decisions": [_decision(page, d) for d in decisions],
        "actions": [_action(page, a) for a in actions],
        "comments": [_comment(page, c) for c in row.comments],
        "counts": _counts(decisions, actions),
        "show_missing": not (row.entry and row.entry.text and decisions and actions),
        "missing": _missing(page, row),
    }
    _entry(page, row, result)
    return result


def rows(view, *, editable, failed=None):
    """One dictionary per row of ``view`` (``selectors.minutes_view``).
    ``editable``: with the editor's links and the decision form's choices;
    ``failed``: the refused decision shown again in its row."""
    page = _Page(editable=editable, failed=failed)
    return [_row(page, row) for row in view.rows]


def review_comments(rows):
    """Every comment of ``rows`` with its item, for the head's review list."""
    return [
        {
            **comment,
            "item_pk": row["item_pk"],
            "label": row["label"],
            "title": row["title"],
        }
        for row in rows
        if not row["withheld"]
        for comment in row["comments"]
    ]


def attendance(attendance):
    """The three lists of the attendance section as lines of text."""
    represented = _("%(who)s (%(authority)s), represented by %(deputy)s")

    def person(i):
        return f"{i.contact.full_name} ({i.contact.authority.name})"

    def line(people):
        return "; ".join(people) or "–"

    return {
        "present": line(person(i) for i in attendance.present),
        "present_count": len(attendance.present),
        "excused": line(person(i) for i in attendance.excused),
        "excused_count": len(attendance.excused),
        "represented": line(
            represented
            % {
                "who": i.contact.full_name,
                "authority": i.contact.authority.name,
                "deputy": i.deputy_name or "–",
            }
            for i in attendance.represented
        ),
        "represented_count": len(attendance.represented),
    }
