import pytest

from tests.factories import MembershipFactory


@pytest.fixture
def ministry_client(client):
    client.force_login(MembershipFactory(police_authority=None, is_ministry=True).user)
    return client
