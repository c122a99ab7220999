"""The one answer of a POST action: run a service, tell the user how it went,
redirect (docs/architecture.md, "Thin views").

A view finds its object, then hands ``perform`` what to do::

    return actions.perform(
        request,
        lambda: services.action_delete(action=action),
        done=_("The action was removed."),
        refusals=services.MinutesError,
        to=redirect("tagesordnung:minutes", pk=action.conference_id),
    )

A service's refusal (one of ``refusals``) becomes an error message with its
text; otherwise ``done`` becomes the success message – a text, or a function
of what the service returned. ``submit`` does the same with a form first.
"""

from django.contrib import messages
from django.http import HttpResponseBase
from django.shortcuts import redirect


def _answer(to):
    """``to``: a ready response (kept as it is) or what ``redirect`` takes."""
    return to if isinstance(to, HttpResponseBase) else redirect(to)


def perform(request, act, *, done, refusals=(), to):
    """Run ``act()``; a refusal's text as error, else ``done`` as success
    (called with ``act``'s result if it is a function); answer ``to``."""
    try:
        result = act()
    except refusals as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done(result) if callable(done) else done)
    return _answer(to)


def submit(request, form, act, *, done, refusals=(), to, invalid, back=None):
    """``perform`` for a posted form: ``act(cleaned_data)`` if it is valid,
    else the message ``invalid`` and the answer ``back`` (by default ``to``)."""
    if not form.is_valid():
        messages.error(request, invalid)
        return _answer(to if back is None else back)
    return perform(
        request,
        lambda: act(form.cleaned_data),
        done=done,
        refusals=refusals,
        to=to,
    )
