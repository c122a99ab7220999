"""The quoted person's page behind the link /einladung/zitat/<token>/: no
account, the link is the door (as for the partner page, teilnehmer/partner).

The token URL checks the token, moves its hash into the session and
redirects to a token-free URL, so the secret does not stay in the address
bar, the history or a Referer. The page shows the quote in its sentence, the
release's title and embargo, and nothing else of the release or the
conference. Every bad link answers the same page as a bad partner link.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from konferenz.core import actions, linkpages
from konferenz.core.client import client_address
from konferenz.press import signoff
from konferenz.press.forms import QuoteProposalForm

SESSION_KEY = "siko_quote_link"


_private = linkpages.private


def _quote_link(request):
    """The quotes of the link in the session and the link (its answers are
    counted per link)."""
    via, _sep, digest = request.session.get(SESSION_KEY, "").partition(":")
    quotes = signoff.quotes_for_link(via, digest)
    if not quotes:
        return None
    return digest, (quotes, {"via": via, "digest": digest})


#: The guard of the pages behind a quote link: the link's quotes are passed
#: to the view (konferenz/core/linkpages.py).
quote_link = linkpages.guard(_quote_link, scope="quote-post")


def _opened(token):
    """What the session keeps of a good quote link: "via:digest"."""
    opened = signoff.open_link(token)
    return ":".join(opened) if opened is not None else None


def _page(request, quotes, *, forms=None, status=200):
    items = [
        {
            "quote": quote,
            "sentence": signoff.quote_sentence(quote),
            "form": (forms or {}).get(quote.pk) or QuoteProposalForm(),
        }
        for quote in quotes
    ]
    release = quotes[0].press_release
    return _private(
        render(
            request,
            "konferenz/press/quote/page.html",
            {
                "items": items,
                "release": release,
                "conference": release.conference,
            },
            status=status,
        )
    )


@login_not_required
@never_cache
@require_GET
@quote_link
def quote_page(request, quotes, link):
    return _page(request, quotes)


@login_not_required
@never_cache
@require_POST
@quote_link
def quote_approve(request, quotes, link, pk):
    return actions.perform(
        request,
        lambda: signoff.quote_approve(
            quote_pk=pk, quotes=quotes, ip=client_address(request), **link
        ),
        done=_("Thank you, you approved the quote. The press office sees it."),
        refusals=signoff.SignOffError,
        to=_private(redirect("quote:page")),
    )


@login_not_required
@never_cache
@require_POST
@quote_link
def quote_propose(request, quotes, link, pk):
    form = QuoteProposalForm(request.POST)
    if not form.is_valid():
        return _page(request, quotes, forms={pk: form}, status=400)
    try:
        signoff.quote_propose_change(
            quote_pk=pk,
            quotes=quotes,
            text=form.cleaned_data["text"],
            ip=client_address(request),
            **link,
        )
    except signoff.SignOffError as error:
        form.add_error(None, str(error))
        return _page(request, quotes, forms={pk: form}, status=400)
    messages.success(
        request, _("Thank you, the press office will consider your wording.")
    )
    return _private(redirect("quote:page"))


#: The token URL (konferenz/core/linkpages.py).
quote_open = linkpages.opener(_opened, session_key=SESSION_KEY, page="quote:page")
