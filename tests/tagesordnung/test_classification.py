import pytest

from konferenz.core.classification import (
    Audience,
    Classification,
    allowed_classifications,
    audience_for_user,
)

pytestmark = pytest.mark.django_db


def test_press_sees_only_public_and_partners_never_vs_nfd():
    assert allowed_classifications(Audience.PUBLIC) == (Classification.PUBLIC,)
    assert Classification.VS_NFD not in allowed_classifications(Audience.PARTICIPANT)
    assert Classification.VS_NFD not in allowed_classifications(Audience.STAFF)
    assert Classification.VS_NFD in allowed_classifications(Audience.STAFF_VS_NFD)


@pytest.mark.parametrize(
    ("roles", "audience"),
    [
        ({}, Audience.STAFF),
        ({"is_organiser": True}, Audience.STAFF),
        ({"is_organiser": True, "may_read_vs_nfd": True}, Audience.STAFF_VS_NFD),
        ({"is_press_office": True}, Audience.PUBLIC),
        ({"is_press_office": True, "is_head": True}, Audience.STAFF),
    ],
)
def test_audience_for_user_follows_roles(make_member, roles, audience):
    assert audience_for_user(make_member(**roles)) == audience


def test_ministry_user_counts_as_public():
    from tests.factories import MembershipFactory

    user = MembershipFactory(police_authority=None, is_ministry=True).user

    assert audience_for_user(user) == Audience.PUBLIC
