"""The benchmark's settings: the production settings plus the ``bench`` app.

Only ``bench/run.py`` and ``bench/scaleout.py`` use them
(``DJANGO_SETTINGS_MODULE=bench.settings``): the ``seed_bench`` command, the
SQL query count in ``X-SiKo-Queries``, the floor page ``/bench/boden/`` and
the header ``X-Bench-Cold`` (bench/cold.py) exist nowhere else.
"""

from konferenz.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
# Outermost, so that it counts every query of the request; then the cold
# switch, before any middleware or view looks up a cached part.
MIDDLEWARE = [
    "bench.querycount.QueryCountMiddleware",
    "bench.cold.ColdMiddleware",
    *MIDDLEWARE,  # noqa: F405
]
ROOT_URLCONF = "bench.urls"
