"""Classification: the ONE place that decides who may read what
(docs/architecture.md, "Where each rule lives").

Every agenda item, minute entry, decision, action and attachment has a
``classification``. What counts is the **effective** classification: the
strictest of a row's own and of everything it belongs to (entry → agenda item;
decision/action → entry → item; attachment → item). The stored value of a
child is never below its parent's at the time of writing, but a parent raised
later hides its children at once, because every reader asks this module:

- querysets: ``ClassifiedQuerySet.visible_to(audience)`` (live rows) and
  ``filter_visible_history(history, audience)`` (django-simple-history rows,
  which also follow the live row's and its parents' *current* level);
- rows already in memory: ``effective_classification`` annotated by
  ``with_effective_classification()``;
- plain data (snapshots of approved minutes): ``readable(audience, *levels)``
  with the current levels of the rows the data came from.

Templates never decide; they show what a selector returned.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from konferenz.core import rules
from konferenz.core.tenancy import TenantQuerySet


class Classification(models.TextChoices):
    """Who may read an agenda item, minute entry or attachment."""

    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal (not public)")
    VS_NFD = "vs_nfd", _("VS – For official use only")


class Audience(models.TextChoices):
    PUBLIC = "public", _("the public (press)")
    PARTICIPANT = "participant", _("participants (partner authorities)")
    STAFF = "staff", _("staff of the police authority")
    STAFF_VS_NFD = "staff_vs_nfd", _("staff with VS-NfD clearance")


ALLOWED = {
    Audience.PUBLIC: (Classification.PUBLIC,),
    Audience.PARTICIPANT: (Classification.PUBLIC, Classification.INTERNAL),
    Audience.STAFF: (Classification.PUBLIC, Classification.INTERNAL),
    Audience.STAFF_VS_NFD: (
        Classification.PUBLIC,
        Classification.INTERNAL,
        Classification.VS_NFD,
    ),
}


def allowed_classifications(audience):
    return ALLOWED[Audience(audience)]


def audience_for_user(user):
    """The audience a logged-in staff user belongs to."""
    # The roles are decided by the predicates of konferenz.core.rules only.
    if not rules.is_staff_member(user):
        return Audience.PUBLIC
    if rules.may_read_vs_nfd(user):
        return Audience.STAFF_VS_NFD
    if not rules.is_internal_staff(user):
        return Audience.PUBLIC  # a press-office-only account: public facts
    return Audience.STAFF


#: Rank of each classification, lowest first.
RANK = {
    Classification.PUBLIC: 0,
    Classification.INTERNAL: 1,
    Classification.VS_NFD: 2,
}

#: The levels from the strictest down (for annotations).
STRICTEST_FIRST = sorted(Classification, key=RANK.get, reverse=True)


def strictest(*levels):
    """The strictest of ``levels`` (``None`` – e.g. a deleted parent – is ignored).

    With no level at all the answer is VS-NfD: what cannot be placed is not
    shown to anyone without the right.
    """
    known = [Classification(level) for level in levels if level]
    if not known:
        return Classification.VS_NFD
    return max(known, key=RANK.get)


def document_level(*levels):
    """The level a document is marked with: the strictest of what it shows
    (public when it shows nothing classified)."""
    return strictest(Classification.PUBLIC, *levels)


def is_lower(level, than):
    """Whether ``level`` is less strict than ``than``."""
    return RANK[Classification(level)] < RANK[Classification(than)]


def is_visible(classification, audience):
    return classification in allowed_classifications(audience)


def readable(audience, *levels):
    """Whether ``audience`` may read something with these levels (its own and
    those of everything it belongs to)."""
    return is_visible(strictest(*levels), audience)


def choices_not_below(level):
    """The classification choices a child of a ``level`` parent may take."""
    return [
        (value, label)
        for value, label in Classification.choices
        if not is_lower(value, level)
    ]


def validate_not_below(level, parent_level):
    """Refuse a child classification below its parent's (German message)."""
    if level and parent_level and is_lower(level, parent_level):
        raise ValidationError(
            _(
                "The classification cannot be lower than that of the agenda "
                "item or entry it belongs to (“%(parent)s”)."
            ),
            code="below_parent",
            params={"parent": Classification(parent_level).label},
        )


class ClassifiedQuerySet(TenantQuerySet):
    """Base for every model with a ``classification`` field.

    ``also_classified_by`` names the classification fields of everything a
    row belongs to, nearest first (a decision: its entry, then the entry's
    agenda item). A row is readable only if all of them are.
    """

    classification_field = "classification"
    also_classified_by = ()

    @classmethod
    def classification_fields(cls):
        return (cls.classification_field, *cls.also_classified_by)

    def visible_to(self, audience):
        return filter_visible(self, audience, self.classification_fields())

    def with_effective_classification(self):
        """Annotate ``effective_classification`` (the strictest of the chain)."""
        return self.annotate(
            effective_classification=effective_expression(self.classification_fields())
        )


def effective_expression(fields):
    """SQL for the strictest value of ``fields`` (for annotations)."""
    return Case(
        *(
            When(_any_equal(fields, level), then=Value(level))
            for level in STRICTEST_FIRST[:-1]
        ),
        default=Value(STRICTEST_FIRST[-1]),
        output_field=models.CharField(),
    )


def _any_equal(fields, level):
    condition = Q()
    for field in fields:
        condition |= Q(**{field: level})
    return condition


def filter_visible(queryset, audience, fields=("classification",)):
    """``queryset`` narrowed to rows whose classification ``fields`` the
    audience may read. ``ClassifiedQuerySet.visible_to`` uses it."""
    allowed = allowed_classifications(audience)
    return queryset.filter(**{f"{field}__in": allowed for field in fields})


def filter_visible_history(history, audience):
    """History rows (django-simple-history) the audience may read.

    A history row keeps the classification it had when it was written; what
    counts is the strictest of that, of the live row's current level and of
    the current levels of everything the row belongs to. A row that was
    deleted since then is judged by its stored level and its parents.
    """
    live_model = history.model.instance_type
    fields = live_model._default_manager.get_queryset().classification_fields()
    allowed = allowed_classifications(audience)
    raised_since = live_model._default_manager.exclude(
        **{f"{fields[0]}__in": allowed}
    ).values("pk")
    return filter_visible(history, audience, fields).exclude(id__in=raised_since)
