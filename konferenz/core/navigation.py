"""The main navigation of base.html as one precomputed structure.

The URLs are reversed once per process (per URL prefix); each request only
checks the user's rights, once per item, and marks the active item. The
template loops over the result instead of spelling out a ``{% url %}``, an
``{% if %}`` and a ``{% translate %}`` per item.
"""

import functools
from dataclasses import dataclass

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# (URL name, label, permission, needs a police authority, active when)
# "exact": the path is the URL; "within": the URL is part of the path.
MAIN_MENU = (
    ("konferenz:dashboard", _("Overview"), "konferenz.view_conference", True, "exact"),
    (
        "konferenz:conference-list",
        _("Conferences"),
        "konferenz.view_conference",
        True,
        "within",
    ),
    (
        "tagesordnung:topic-list",
        _("Topics"),
        "konferenz.view_conference",
        True,
        "within",
    ),
    (
        "tagesordnung:action-list",
        _("Actions"),
        "konferenz.view_conference",
        True,
        "within",
    ),
    (
        "tagesordnung:minutes-search",
        pgettext_lazy("main menu", "Search"),
        "konferenz.view_conference",
        True,
        "within",
    ),
    (
        "konferenz:statistics",
        _("Statistics"),
        "konferenz.view_conference",
        True,
        "within",
    ),
    (
        "teilnehmer:authority-list",
        _("Address book"),
        "teilnehmer.view_addressbook",
        True,
        "within",
    ),
    (
        "konferenz:ministry-overview",
        _("State overview"),
        "konferenz.view_ministry_overview",
        False,
        "within",
    ),
    ("konferenz:user-list", _("Users"), "konferenz.manage_users", True, "within"),
    (
        "konferenz:police-authority-list",
        _("Police authorities"),
        "konferenz.setup_authorities",
        False,
        "within",
    ),
)

ACCOUNT_LINKS = {
    "dashboard": "konferenz:dashboard",
    "password_change": "password_change",
    "mfa_setup": "konferenz:mfa-setup",
    "calendar": "konferenz:calendar-subscription",
    "admin": "admin:index",
    "logout": "logout",
    "accessibility": "konferenz:accessibility",
}


@dataclass(frozen=True)
class MenuItem:
    url: str
    label: str
    active: bool


@functools.lru_cache(maxsize=8)
def _urls(prefix, urlconf):
    """Every URL of the navigation, reversed once per prefix and URLconf."""
    menu = {row[0]: reverse(row[0], urlconf=urlconf) for row in MAIN_MENU}
    account = {
        key: reverse(name, urlconf=urlconf) for key, name in ACCOUNT_LINKS.items()
    }
    return menu, account


def urls():
    return _urls(get_script_prefix(), get_urlconf())


def main_menu(request):
    """The items of the main menu the user may open, with the active one marked."""
    user = request.user
    if not user.is_authenticated:
        return []
    has_tenant = bool(getattr(request, "tenant", None))
    allowed = {}
    reversed_urls = urls()[0]
    path = request.path
    items = []
    for name, label, permission, needs_tenant, match in MAIN_MENU:
        if needs_tenant and not has_tenant:
            continue
        if permission not in allowed:
            allowed[permission] = user.has_perm(permission)
        if not allowed[permission]:
            continue
        url = reversed_urls[name]
        active = path == url if match == "exact" else url in path
        items.append(MenuItem(url=url, label=label, active=active))
    return items


class _Navigation:
    """Built on first use in a template: htmx fragments never pay for it."""

    def __init__(self, request):
        self._request = request
        self._items = None
        self._links = None

    @property
    def items(self):
        if self._items is None:
            self._items = main_menu(self._request)
        return self._items

    @property
    def accessibility(self):
        """The footer's link: the own authority's accessibility statement, or
        the list of all statements (before login, ministry)."""
        tenant = getattr(self._request, "tenant", None)
        if tenant is not None:
            return reverse(
                "konferenz:accessibility-statement", args=[tenant.press_code.lower()]
            )
        return urls()[1]["accessibility"]

    @property
    def links(self):
        if self._links is None:
            self._links = urls()[1]
        return self._links


def navigation(request):
    """Context processor: ``nav.items`` (main menu) and ``nav.links`` (account)."""
    return {"nav": _Navigation(request)}
