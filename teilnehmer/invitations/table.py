"""The staff table of a conference's invitations: filter by answer, sort,
search, and the per-row links built once per page (no ``reverse()`` or
translation per row).

The rows are plain dictionaries read with ``values()`` (``rows``), not model
instances: no model is built per row, and the template finds each value with
its first (dictionary) lookup. A field the table shows must be named in
``_FIELDS``.

Parameters come from the query string and are checked against fixed lists:
anything unknown is ignored, so a hand-edited link never answers 500.
"""

import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from konferenz.core.rows import Row
from teilnehmer.invitations import selectors
from teilnehmer.invitations.delivery import MESSAGES, problem_key
from teilnehmer.invitations.models import Invitation

Answer = Invitation.Answer

#: Filter values beyond the answers themselves.
UNDELIVERED = "undelivered"
UNSENT = "unsent"

#: The order of the answers when sorting by answer: who still needs a nudge first.
ANSWER_ORDER = {
    Answer.OPEN: 0,
    Answer.ACCEPTED: 1,
    Answer.DEPUTY: 2,
    Answer.DECLINED: 3,
}

MAX_QUERY = 100

#: A stand-in for the invitation's id, replaced per row (reverse once per page).
_PLACEHOLDER = 2147480000


#: What the table, its filter, the counts and the hand-overs read of an
#: invitation: the invitation's own columns, its contact's and authority's.
_FIELDS = (
    "pk",
    "answer",
    "answered_at",
    "answer_recorded_by_staff",
    "comment",
    "deputy_name",
    "deputy_function",
    "walk_in",
    "send_error",
    "sent_at",
    "token_revoked_at",
    "reminded_at",
    "token_hash",
    "created_at",
    "deputy_for_id",
)
_CONTACT = ("title", "first_name", "last_name", "function", "email", "pending_deputy")


def _name(title, first_name, last_name):
    # As Contact.full_name.
    return " ".join(p for p in (title, first_name, last_name) if p)


def rows(conference):
    """Every invitation of ``conference`` as a ``Row`` (one query), in the
    order of ``Invitation.objects.for_overview()``; ``deputy_for`` is the row
    of the invitation a deputy stands in for, with its contact's name."""
    deputy = ("deputy_for__contact__title", "deputy_for__contact__first_name")
    values = (
        Invitation.objects.filter(conference=conference)
        .order_by("contact__authority__name", "contact__last_name", "pk")
        .values(
            *_FIELDS,
            *(f"contact__{name}" for name in _CONTACT),
            "contact__authority__name",
            "contact__authority__kind",
            *deputy,
            "deputy_for__contact__last_name",
        )
    )
    result = []
    for value in values:
        contact = Row({name: value[f"contact__{name}"] for name in _CONTACT})
        contact["full_name"] = _name(
            contact["title"], contact["first_name"], contact["last_name"]
        )
        contact["authority"] = Row(
            name=value["contact__authority__name"],
            kind=value["contact__authority__kind"],
        )
        row = Row({name: value[name] for name in _FIELDS})
        row["contact"] = contact
        row["deputy_for"] = None
        if row["deputy_for_id"]:
            full_name = _name(
                value[deputy[0]],
                value[deputy[1]],
                value["deputy_for__contact__last_name"],
            )
            row["deputy_for"] = Row(contact=Row(full_name=full_name))
        result.append(row)
    return result


def fold(text):
    """Text for comparing and sorting: case and accents ignored (ß → ss)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_fold = fold


def _person_key(inv):
    return (_fold(inv.contact.last_name), _fold(inv.contact.first_name), inv.pk)


def _authority_key(inv):
    return (_fold(inv.contact.authority.name), *_person_key(inv))


def _answer_key(inv):
    return (ANSWER_ORDER.get(inv.answer, 9), *_authority_key(inv))


def _date_key(inv):
    # Rows without an answer date go last in both directions (see sort_rows).
    return (inv.answered_at.timestamp() if inv.answered_at else 0, *_person_key(inv))


SORT_KEYS = {
    "authority": _authority_key,
    "person": _person_key,
    "answer": _answer_key,
    "date": _date_key,
}


@dataclass
class TableParams:
    answer: str = ""
    sort: str = "authority"
    descending: bool = False
    query: str = ""

    @property
    def sort_param(self):
        return ("-" if self.descending else "") + self.sort

    @property
    def filtered(self):
        return bool(self.answer or self.query)

    def link(self, **changes):
        """The query string of this view with ``changes``, keeping the rest."""
        values = {"answer": self.answer, "q": self.query, "sort": self.sort_param}
        values.update(changes)
        if values["sort"] == "authority":
            values["sort"] = ""
        return "?" + urlencode({k: v for k, v in values.items() if v})


def parse_params(get):
    """Read answer filter, sort and search from ``request.GET``; ignore junk."""
    params = TableParams()
    answer = get.get("answer", "")
    if answer in Answer.values or answer in (UNDELIVERED, UNSENT):
        params.answer = answer
    sort = get.get("sort", "")
    descending = sort.startswith("-")
    if sort.lstrip("-") in SORT_KEYS:
        params.sort = sort.lstrip("-")
        params.descending = descending
    # PostgreSQL cannot compare with NUL characters; the search stays in
    # Python here, but one rule for every search box is easier to trust.
    params.query = get.get("q", "").replace("\x00", "").strip()[:MAX_QUERY]
    return params


def _matches_answer(inv, answer):
    if answer == UNDELIVERED:
        return bool(inv.send_error)
    if answer == UNSENT:
        return not inv.sent_at and not inv.walk_in
    return inv.answer == answer


def _matches_query(inv, words):
    haystack = _fold(
        " ".join(
            (
                inv.contact.first_name,
                inv.contact.last_name,
                inv.contact.function,
                inv.contact.authority.name,
            )
        )
    )
    return all(word in haystack for word in words)


def select_rows(invitations, params):
    """The invitations the filter and search let through, sorted."""
    rows = list(invitations)
    if params.answer:
        rows = [inv for inv in rows if _matches_answer(inv, params.answer)]
    words = [_fold(word) for word in params.query.split()]
    if words:
        rows = [inv for inv in rows if _matches_query(inv, words)]
    key = SORT_KEYS[params.sort]
    if params.sort == "date":
        answered = sorted(
            (inv for inv in rows if inv.answered_at),
            key=key,
            reverse=params.descending,
        )
        return answered + sorted((inv for inv in rows if not inv.answered_at), key=key)
    return sorted(rows, key=key, reverse=params.descending)


ROW_URLS = ("record-answer", "history", "reissue", "revoke", "remove")


def decorate_rows(rows, conference):
    """Give each row its links, answer label, accessible name (person and
    authority) and delivery message, with one
    ``reverse()`` per link name and one translation per label per page."""
    templates = {
        name: reverse(
            f"invitations:{name}",
            kwargs={"pk": conference.pk, "invitation_pk": _PLACEHOLDER},
        )
        for name in ROW_URLS
    }
    placeholder = str(_PLACEHOLDER)
    answer_labels = {value: str(label) for value, label in Answer.choices}
    problems = {key: str(message) for key, message in MESSAGES.items()}
    for inv in rows:
        pk = str(inv.pk)
        inv.urls = {
            name.replace("-", "_"): url.replace(placeholder, pk)
            for name, url in templates.items()
        }
        inv.answer_label = answer_labels.get(inv.answer, inv.answer)
        # The same person may be invited for several authorities: the
        # accessible names of the row's controls name both.
        inv.row_label = f"{inv.contact.full_name}, {inv.contact.authority.name}"
        inv.delivery_problem = (
            problems[problem_key(inv.send_error)] if inv.send_error else ""
        )
    return rows


def filter_choices(counts):
    """The answer filter's options with their counts, translated once."""
    by_answer = counts["by_answer"]
    return [
        (Answer.OPEN, _("Open"), by_answer.get("open", 0)),
        (Answer.ACCEPTED, _("Accepted"), by_answer.get("accepted", 0)),
        (Answer.DECLINED, _("Declined"), by_answer.get("declined", 0)),
        (Answer.DEPUTY, _("Deputy"), by_answer.get("deputy", 0)),
        (UNDELIVERED, _("Not delivered"), None),
        (UNSENT, _("Not sent yet"), None),
    ]


def sort_headers(params):
    """Each sortable column's link (toggling the direction when it is the
    current sort) and its ``aria-sort`` value."""
    headers = {}
    for name in SORT_KEYS:
        current = params.sort == name
        descending = current and not params.descending
        headers[name] = {
            "link": params.link(sort=("-" if descending else "") + name),
            "aria_sort": (
                ("descending" if params.descending else "ascending") if current else ""
            ),
        }
    return headers


def answers_table(conference, params):
    """What the answers table shows: the rows ``params`` select (decorated),
    how many there are in all, the answer counts with the filters and sort
    headers, and the hand-overs to deputies."""
    everyone = rows(conference)
    counts = selectors.answer_counts(conference, rows=everyone)
    return {
        "invitations": decorate_rows(select_rows(everyone, params), conference),
        "everyone": len(everyone),
        "params": params,
        "filter_choices": filter_choices(counts),
        "sort_headers": sort_headers(params),
        "hand_overs": [inv for inv in everyone if inv.deputy_for_id],
        "counts": counts,
    }
