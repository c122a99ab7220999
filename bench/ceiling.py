"""The ceiling: a bare Django view of 20,580 bytes (245 lines of 84 bytes), no
middleware, no database.

``gunicorn bench.ceiling`` serves it with the same settings as SiKo (2 sync
workers); bench/run.py measures it in the same run as SiKo's pages and reports
every page as a fraction of it, so that figures compare across machines.
"""

import django
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.urls import path

BODY = ("<p>" + "x" * 76 + "</p>\n") * 245  # 20,580 bytes, like the floor page

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-ceiling-not-secret",  # noqa: S106 - serves static text only
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_I18N=False,
)
django.setup()


def page(request):
    return HttpResponse(BODY)


urlpatterns = [path("", page)]
application = WSGIHandler()
