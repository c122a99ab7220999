"""WSGI entry point for gunicorn: ``gunicorn konferenz.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konferenz.settings")

application = get_wsgi_application()
