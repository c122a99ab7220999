"""Classification (DESIGN.md §4): the ONE place that decides who may read what.

Every agenda item, minute entry, decision and attachment has a
``classification``. Press export, partner pages, participant exports and staff
pages all fetch through ``ClassifiedQuerySet.visible_to(audience)``; templates
never filter by classification themselves.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from konferenz.tenancy import TenantQuerySet


class Classification(models.TextChoices):
    """DESIGN.md §4: who may read an agenda item, minute entry or attachment."""

    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal (not public)")
    VS_NFD = "vs_nfd", _("VS – For official use only")


class Audience(models.TextChoices):
    PUBLIC = "public", "Öffentlichkeit (Presse)"
    PARTICIPANT = "participant", "Teilnehmende (Partnerbehörden)"
    STAFF = "staff", "Personal der Behörde"
    STAFF_VS_NFD = "staff_vs_nfd", "Personal mit VS-NfD-Berechtigung"


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
    membership = getattr(user, "membership", None)
    if not membership or not membership.police_authority_id:
        return Audience.PUBLIC
    if membership.may_read_vs_nfd:
        return Audience.STAFF_VS_NFD
    if membership.is_press_office and not (
        membership.is_organiser or membership.is_minute_taker or membership.is_head
    ):
        return Audience.PUBLIC
    return Audience.STAFF


def is_visible(classification, audience):
    return classification in allowed_classifications(audience)


#: Rank of each classification, lowest first; used so that nothing is lowered.
RANK = {
    Classification.PUBLIC: 0,
    Classification.INTERNAL: 1,
    Classification.VS_NFD: 2,
}


def stricter(a, b):
    """The stricter of two classifications."""
    return a if RANK[Classification(a)] >= RANK[Classification(b)] else b


class ClassifiedQuerySet(TenantQuerySet):
    """Base for every model with a ``classification`` field.

    ``also_classified_by`` names further classification fields a row depends
    on (an attachment is readable only if its agenda item is, too).
    """

    classification_field = "classification"
    also_classified_by = ()

    def visible_to(self, audience):
        return filter_visible(
            self, audience, (self.classification_field, *self.also_classified_by)
        )


def filter_visible(queryset, audience, fields=("classification",)):
    """``queryset`` narrowed to rows whose classification ``fields`` the
    audience may read. ``ClassifiedQuerySet.visible_to`` uses it; querysets of
    other classes (e.g. the history of a classified model) call it directly."""
    allowed = allowed_classifications(audience)
    return queryset.filter(**{f"{field}__in": allowed for field in fields})
