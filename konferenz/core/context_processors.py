def tenant(request):
    """The user's membership and police authority for the navigation."""
    return {
        "membership": getattr(request, "membership", None),
        "tenant": getattr(request, "tenant", None),
    }
