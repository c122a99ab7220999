"""Response rules that hold for every page, in one place each."""

from django.http import HttpResponseNotAllowed
from django.utils.cache import patch_cache_control

#: SiKo's views read (GET, HEAD) and submit forms (POST); nothing else.
HANDLED_METHODS = ("GET", "HEAD", "POST")


class AllowedMethodsMiddleware:
    """PUT, PATCH, DELETE, TRACE, OPTIONS … answer 405 before any view runs;
    a view that takes POST only says so itself (``require_POST``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in HANDLED_METHODS:
            return HttpResponseNotAllowed(HANDLED_METHODS)
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing a signed-in user or a partner sees, and no download, is kept in
    a browser's or proxy's cache (``Cache-Control: no-store, private``):
    minutes, contact data and exports must not outlive the session on a
    shared computer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        # Behind a partner link every answer is personal, a "not found" too.
        match = getattr(request, "resolver_match", None)
        partner = match is not None and match.namespace == "partner"
        if signed_in or partner or response.has_header("Content-Disposition"):
            patch_cache_control(response, no_store=True, private=True)
        return response
