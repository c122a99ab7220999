"""The rows of the address book's list (AuthorityListView), read with
``values()`` and labelled once per page (konferenz/core/rows.py)."""

from konferenz.core import links
from konferenz.core.rows import Row, labels
from teilnehmer.addressbook.models import Authority

#: What a row of the list reads of an authority (``contact_count``: the
#: annotation of ``selectors.authority_list``).
FIELDS = ("pk", "name", "kind", "city", "active", "contact_count")


def authority_rows(values):
    """The list's rows from ``values(*FIELDS)``, each with its link and the
    label of its kind."""
    url = links.pattern("teilnehmer:authority-detail")
    kinds = labels(Authority.Kind)
    return [
        Row(
            value,
            url=url(value["pk"]),
            kind_label=kinds.get(value["kind"], value["kind"]),
        )
        for value in values
    ]
