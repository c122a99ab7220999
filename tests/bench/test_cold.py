"""The benchmark's cold requests (bench/cold.py): with ``X-Bench-Cold: 1``
every page-cache lookup misses and the part is built again; without it the
second request is a hit. Only the benchmark's settings install it."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from bench.cold import HEADER, VALUE
from konferenz.core import changestamp
from konferenz.urls import urlpatterns as siko_urlpatterns

pytestmark = pytest.mark.django_db

BUILDS = []


def part(request):
    def build():
        BUILDS.append(1)
        return "Teilstück"

    return HttpResponse(changestamp.cached(kind="bench-cold-test", build=build))


urlpatterns = [path("teil/", part), *siko_urlpatterns]

COLD_MIDDLEWARE = ["bench.cold.ColdMiddleware", *settings.MIDDLEWARE]


@pytest.fixture(autouse=True)
def _no_builds():
    BUILDS.clear()


@pytest.fixture
def client(reader):
    client = Client()
    client.force_login(reader)
    return client


@override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=COLD_MIDDLEWARE)
@pytest.mark.parametrize(
    ("headers", "builds"),
    [
        ({}, 1),  # warm: the second request is a hit
        ({HEADER: VALUE}, 2),  # cold: both build the part
        ({HEADER: "0"}, 1),  # only "1" switches it on
    ],
)
def test_cold_header_makes_every_request_build_the_part(client, headers, builds):
    for _ in range(2):
        response = client.get("/teil/", headers=headers)
        assert response.content.decode() == "Teilstück"

    assert len(BUILDS) == builds


@override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=COLD_MIDDLEWARE)
def test_a_cold_request_leaves_the_warm_cache_as_it_was(client):
    client.get("/teil/")
    client.get("/teil/", headers={HEADER: VALUE})

    client.get("/teil/")

    assert len(BUILDS) == 2  # the warm one, the cold one; then a hit


@override_settings(ROOT_URLCONF=__name__)
def test_product_settings_ignore_the_header(client):
    assert "bench.cold.ColdMiddleware" not in settings.MIDDLEWARE

    for _ in range(2):
        client.get("/teil/", headers={HEADER: VALUE})

    assert len(BUILDS) == 1


def test_bench_settings_install_the_cold_switch():
    from bench import settings as bench_settings

    assert "bench.cold.ColdMiddleware" in bench_settings.MIDDLEWARE
