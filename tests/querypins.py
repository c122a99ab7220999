"""Query pins for pages (issue 22): how many queries a page runs, and how
many of them ran while its templates rendered (should be none: everything a
template shows is read in the view or selector)."""

from dataclasses import dataclass

from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext


@dataclass
class PageQueries:
    response: object
    total: int
    in_templates: list  # SQL of the queries run after rendering began


def page_queries(client, url, **params):
    marks = []

    def rendered(sender, **kwargs):
        if not marks:
            marks.append(len(context.captured_queries))

    template_rendered.connect(rendered, dispatch_uid="querypins")
    try:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url, params)
    finally:
        template_rendered.disconnect(dispatch_uid="querypins")
    start = marks[0] if marks else len(context.captured_queries)
    return PageQueries(
        response=response,
        total=len(context.captured_queries),
        in_templates=[q["sql"] for q in context.captured_queries[start:]],
    )
