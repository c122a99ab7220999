"""Classification (DESIGN.md §4): the ONE place that decides who may read what.

Every agenda item, minute entry, decision and attachment has a
``classification``. Press export, partner pages, participant exports and staff
pages all fetch through ``ClassifiedQuerySet.visible_to(audience)``; templates
never filter by classification themselves.
"""

from django.db import models

from konferenz.tenancy import TenantQuerySet
from tagesordnung.models import Classification


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


class ClassifiedQuerySet(TenantQuerySet):
    """Base for every model with a ``classification`` field."""

    classification_field = "classification"

    def visible_to(self, audience):
        return self.filter(
            **{f"{self.classification_field}__in": allowed_classifications(audience)}
        )
