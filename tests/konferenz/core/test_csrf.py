"""CSRF protection on every state-changing request, for every route."""

import pytest
from django.test import Client
from django.urls import get_resolver

from tests.helpers import sample_path, walk

pytestmark = pytest.mark.django_db


def test_every_route_refuses_post_without_csrf_token(make_member, police_authority):
    user = make_member(
        police_authority,
        is_organiser=True,
        is_minute_taker=True,
        is_head=True,
        is_press_office=True,
        may_read_vs_nfd=True,
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    checked = 0
    for route, _pattern in walk(get_resolver()):
        path = sample_path(route)
        if "(?P" in path or path.startswith(("/static/", "/admin/")):
            continue
        response = client.post(path, {"probe": "1"})
        # 403 from the CSRF check; 405 where the view takes no POST at all.
        assert response.status_code in (403, 405), (path, response.status_code)
        if response.status_code == 403:
            assert "CSRF" in response.content.decode(), path
        checked += 1
    assert checked >= 10
