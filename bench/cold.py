"""Cold requests for the benchmark (bench/run.py, column "kalt").

Installed only by the benchmark's settings (bench/settings.py). A request
with the header ``X-Bench-Cold: 1`` misses every page-cache lookup, as the
first reader after a change does: ``changestamp.cold()`` salts the stamps of
this request with a new token (the stamps are still read as usual). Nothing
is written to the database for it. wrk sends the header for the cold runs.
"""

#: The request header that makes a request cold, and its value.
HEADER = "X-Bench-Cold"
VALUE = "1"
_META_KEY = "HTTP_" + HEADER.upper().replace("-", "_")


class ColdMiddleware:
    def __init__(self, get_response):
        # Imported here: bench/run.py reads the header above without Django.
        from konferenz.core import changestamp

        self.get_response = get_response
        self.cold = changestamp.cold

    def __call__(self, request):
        if request.META.get(_META_KEY) == VALUE:
            self.cold()
        return self.get_response(request)
