"""The main navigation of base.html as precomputed HTML.

The URLs are reversed once per process (per URL prefix); each request only
checks the user's rights, once per item, and marks the active item. The main
menu and the account menu are rendered once per process for each role set
(the items the user may open, the active one, the account links shown) and
language, and then served as one string: the template writes ``{{
nav.menu }}`` and ``{{ nav.account }}`` instead of a loop, a ``{% url %}``, an
``{% if %}`` and a ``{% translate %}`` per item. The template puts the
reader's CSRF token into the logout form.
"""

import functools
from dataclasses import dataclass

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

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


_ITEM = '\n            <li class="nav-item"><a class="nav-link" href="{}">{}</a></li>'
_ACTIVE = (
    '\n            <li class="nav-item"><a class="nav-link active" aria-current="page"'
    ' href="{}">{}</a></li>'
)


@functools.lru_cache(maxsize=256)
def _menu_html(language, items):
    """The main menu's ``<li>`` items: ``items`` are (URL, label, active)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(_ACTIVE if active else _ITEM, url, label),)
            for url, label, active in items
        ),
    )


@functools.lru_cache(maxsize=64)
def _account_html(language, links, *, password, calendar, admin):
    """The account menu's links and the logout form, in two parts around the
    form's CSRF token (the template puts the reader's own in between)."""
    links = dict(links)
    rows = []
    if password:
        rows.append((links["password_change"], gettext_now("Change password")))
    rows.append((links["mfa_setup"], gettext_now("Second factor")))
    if calendar:
        rows.append((links["calendar"], gettext_now("Calendar subscription")))
    if admin:
        rows.append((links["admin"], gettext_now("Administration")))
    links_html = format_html_join(
        "",
        '<li><a class="dropdown-item" href="{}">{}</a></li>\n                ',
        rows,
    )
    opening = format_html(
        '<li><hr class="dropdown-divider"></li>\n'
        "                <li>\n"
        '                  <form method="post" action="{}">',
        links["logout"],
    )
    closing = format_html(
        '\n                    <button type="submit" class="dropdown-item">{}</button>'
        "\n                  </form>\n"
        "                </li>",
        gettext_now("Log out"),
    )
    return links_html + opening, closing


class _Navigation:
    """Built on first use in a template: htmx fragments never pay for it."""

    def __init__(self, request):
        self._request = request
        self._items = None
        self._links = None

    @property
    def menu(self):
        """The main menu's items as HTML, one string per role set."""
        return _menu_html(
            get_language(),
            tuple((item.url, str(item.label), item.active) for item in self.items),
        )

    @property
    def account(self):
        """The account menu's links and the logout form as HTML, one string
        per role set: (up to the form's CSRF token, after it)."""
        user = self._request.user
        return _account_html(
            get_language(),
            tuple(self.links.items()),
            password=user.has_usable_password(),
            calendar=bool(getattr(self._request, "tenant", None)),
            admin=user.is_staff,
        )

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
