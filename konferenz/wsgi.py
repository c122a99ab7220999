"""WSGI entry point for gunicorn: ``gunicorn konferenz.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konferenz.settings")

application = get_wsgi_application()


def _refuse_without_collected_static():
    """gunicorn runs no system checks: the one that cannot wait for the first
    page (konferenz/checks.py, the collected static files) runs here, and a
    worker without them does not start."""
    # Here, not at the top: the checks need the settings and the app
    # registry that get_wsgi_application() has just set up.
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    from konferenz.checks import STATIC_TAG

    errors = checks.run_checks(tags=[STATIC_TAG], include_deployment_checks=True)
    if errors:
        raise ImproperlyConfigured("; ".join(error.msg for error in errors))


_refuse_without_collected_static()
