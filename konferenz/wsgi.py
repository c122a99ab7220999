"""WSGI entry point for gunicorn: ``gunicorn konferenz.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konferenz.settings")

application = get_wsgi_application()

# After the set-up above: the check needs the settings and the app registry.
from konferenz.checks import refuse_without_collected_static  # noqa: E402

refuse_without_collected_static()
