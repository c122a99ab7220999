"""Counts the SQL queries of each request for the benchmark (bench/).

Installed only by the benchmark's settings (bench/settings.py): the response
then carries ``X-SiKo-Queries: <n>``. Never part of the product's settings.
"""

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [conn.execute_wrapper(counter) for conn in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-SiKo-Queries"] = str(count)
        return response
