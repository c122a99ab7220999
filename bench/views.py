"""The floor: the cheapest page a logged-in user can get from SiKo.

``base.html`` with 20 KB of static text – sessions, user, tenant, second
factor, navigation and every middleware, but no query of its own. Its speed
is the limit every real page approaches; the bare Django view of
bench/ceiling.py is the limit of the framework itself.
"""

from django.http import HttpResponse
from django.template import engines

#: A paragraph of static text, repeated to make the page about 20 KB.
PARAGRAPH = (
    "<p>Die Sicherheitskonferenz bringt Polizei, Justiz, Kommunen und Partner "
    "an einen Tisch. Diese Seite misst, was jede Seite von SiKo mindestens "
    "kostet.</p>\n"
)
REPEAT = 110

TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Boden{% endblock %}'
    "{% block content %}" + PARAGRAPH * REPEAT + "{% endblock %}"
)


def floor(request):
    return HttpResponse(TEMPLATE.render({}, request))
