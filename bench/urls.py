"""SiKo's URLs plus the benchmark's floor page (bench/settings.py only)."""

from django.urls import path

from bench.views import floor
from konferenz.urls import *  # noqa: F403
from konferenz.urls import urlpatterns as siko_urlpatterns

urlpatterns = [path("bench/boden/", floor, name="bench-floor"), *siko_urlpatterns]
