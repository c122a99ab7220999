"""Reads of the press pages."""


def approved_versions(release):
    """The approved versions of ``release`` as the press page lists them:
    number, time and approver, without their frozen texts (issue 32)."""
    return release.versions.select_related("approved_by").only(
        "number",
        "approved_at",
        "approved_by__first_name",
        "approved_by__last_name",
        "approved_by__username",
    )
