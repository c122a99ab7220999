"""Property-based tests: hostile input never causes a 500 nor is stored unescaped."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from konferenz.core.models import Conference
from konferenz.press import services
from tests.factories import (
    ConferenceFactory,
    MembershipFactory,
    PoliceAuthorityFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "'; DROP TABLE konferenz_conference; --",
            "\x00\x01\x1b[31m",
            '=HYPERLINK("http://evil")',
            "9" * 400,
            "2019-02-30",
            "{{ settings.SECRET_KEY }}",
        ]
    ),
)
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(username=HOSTILE, password=HOSTILE)
def test_login_never_fails_with_a_server_error(client, username, password):
    response = client.post(
        reverse("login"), {"username": username, "password": password}
    )

    assert response.status_code in (200, 429)
    assert "<script>alert(1)</script>" not in response.content.decode()


@SETTINGS
@given(title=HOSTILE, body=HOSTILE, embargo=HOSTILE)
def test_press_edit_never_fails_and_escapes(client, title, body, embargo):
    pa = PoliceAuthorityFactory()
    user = MembershipFactory(police_authority=pa, is_press_office=True).user
    conference = ConferenceFactory(
        police_authority=pa,
        date=datetime.date(2019, 4, 29),
        status=Conference.Status.HELD,
    )
    release = services.press_release_generate(conference=conference, user=user)
    client.force_login(user)
    url = reverse("konferenz:press-release-edit", args=[conference.pk])

    response = client.post(
        url,
        {
            "title": title,
            "place_line": "Gelsenkirchen (ots)",
            "body": body,
            "embargo_at": embargo,
            "version": release.version,
        },
    )

    assert response.status_code in (200, 302)
    page = client.get(reverse("konferenz:press-release", args=[conference.pk]))
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()
