"""Optimistic locking: the one way an edit based on an old version is refused.

Every editable model has a ``version`` column; the form carries the version it
showed (a hidden field named ``version``), and the service saves only if
nobody saved in between:

* services lock the row with :func:`lock_unchanged` (which raises
  :class:`StaleEdit`) and count the edit with :func:`bump`;
* views answer through :func:`edit`, which catches :class:`StaleEdit` and
  answers with :func:`conflict`: the same form page again, status 409, the
  user's input kept, the other person's values shown by
  ``templates/includes/conflict.html``.

See docs/architecture.md, "Where each rule lives".
"""

import datetime

from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: The status of the answer to an edit that came too late.
CONFLICT_STATUS = 409

DEFAULT_MESSAGE = _(
    "Someone else saved this entry in the meantime. Your input was not saved; "
    "please check the current values and save again."
)

#: For bulk updates of many rows (``queryset.update(version=BUMPED)``).
BUMPED = F("version") + 1


class StaleEdit(Exception):
    """Someone saved the object after the form was shown; the message is for
    the user."""

    def __init__(self, message=None):
        super().__init__(str(message or DEFAULT_MESSAGE))


def lock_unchanged(model, pk, version, *, message=None, check=None):
    """Row ``pk`` of ``model``, locked for the transaction (SELECT … FOR UPDATE).

    ``check(row)`` runs first (e.g. "approved minutes cannot change"); then
    :class:`StaleEdit` (with ``message``) is raised if the row's version is no
    longer ``version``. Call inside ``transaction.atomic``.
    """
    locked = model.objects.select_for_update().get(pk=pk)
    if check is not None:
        check(locked)
    if locked.version != version:
        raise StaleEdit(message)
    return locked


def bump(row):
    """Count one edit of ``row``, which :func:`lock_unchanged` has locked (so
    the increment cannot race)."""
    row.version += 1


def edit(request, form, *, save, page, current=None, refusals=(), invalid=200):
    """The one answer of a page that edits a versioned row.

    A valid POST calls ``save()``: it runs the service and returns the answer
    of success (message and redirect). If the service raises
    :class:`StaleEdit`, the form page again (``page(context)``, the conflict
    in ``context``) with status 409: the input kept, the other person's values
    from ``current()`` (by default the form's instance, read again). A
    refusal of the service (an exception in ``refusals``) goes on the form.
    An invalid form or a refusal answers with status ``invalid``; a GET is
    ``page({})``.
    """
    if request.method != "POST":
        return page({})
    context = {}
    if form.is_valid():
        try:
            return save()
        except StaleEdit as error:
            context = conflict(form, error, current() if current else _read(form))
        except refusals as error:
            form.add_error(None, str(error))
    response = page(context)
    response.status_code = invalid
    return respond(response, context)


def _read(form):
    form.instance.refresh_from_db()
    return form.instance


def conflict(form, error, current):
    """Turn a :class:`StaleEdit` into what the form page shows.

    The message goes on the form, the form's version becomes the current one
    (so a second save after checking the other person's values may win), and
    the returned context carries ``conflict`` (the saved object) and
    ``conflict_values`` (its values, labelled as in the form) for
    ``includes/conflict.html``. Render the page with :func:`respond`.
    """
    form.add_error(None, str(error))
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = current.version
    return {"conflict": current, "conflict_values": _values(form, current)}


def respond(response, context):
    """The form page's response: status 409 when it shows a conflict."""
    if context.get("conflict") is not None:
        response.status_code = CONFLICT_STATUS
    return response


def _values(form, current):
    values = []
    for name, field in form.fields.items():
        if field.widget.is_hidden or not hasattr(current, name):
            continue
        display = getattr(current, f"get_{name}_display", None)
        value = display() if display else getattr(current, name)
        values.append((field.label or name, _display(value)))
    return values


def _display(value):
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, datetime.time):
        return formats.time_format(value, "H:i")
    if hasattr(value, "all"):  # a many-to-many relation
        return ", ".join(str(row) for row in value.all())
    return value
