"""What each row of the agenda list needs, prepared once per request (issue
22): the row's URLs from patterns reversed once and its labels from format
strings translated once, instead of four ``{% url %}`` and seven
``{% blocktranslate %}`` per row in the template."""

from django.utils.translation import gettext as _

from konferenz.core import links


def prepare(plan, *, can_edit):
    """Put ``labels`` on every row and URLs on its item and attachments."""
    top = _("TOP %(n)s")
    labels = {
        "move_up": _("Move TOP %(n)s up"),
        "move_down": _("Move TOP %(n)s down"),
        "edit": _("Edit TOP %(n)s"),
        "remove": _("Remove TOP %(n)s"),
        "actions": _("Actions for TOP %(n)s"),
    }
    confirm = _("Remove “%(title)s” from the agenda?")
    download = links.pattern("tagesordnung:attachment-download")
    if can_edit:
        move = links.pattern("tagesordnung:item-move")
        edit = links.pattern("tagesordnung:item-edit")
        delete = links.pattern("tagesordnung:item-delete")
    for row in plan.rows:
        number = {"n": row.number}
        row.top_label = top % number
        if row.withheld:
            continue
        item = row.item
        for attachment in getattr(item, "visible_attachments", ()):
            attachment.download_url = download(attachment.pk)
        if can_edit:
            row.labels = {key: text % number for key, text in labels.items()}
            item.move_url = move(item.pk)
            item.edit_url = edit(item.pk)
            item.delete_url = delete(item.pk)
            item.remove_confirm = confirm % {"title": item.title}
    return plan
