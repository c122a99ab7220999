"""ASGI entry point (e.g. ``uvicorn konferenz.asgi:application``); the same
start-up guard as konferenz/wsgi.py."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konferenz.settings")

application = get_asgi_application()

# After the set-up above: the check needs the settings and the app registry.
from konferenz.checks import refuse_without_collected_static  # noqa: E402

refuse_without_collected_static()
