"""Who may open which page: one row per named route of the URLconf.

HOW TO EXTEND (read this when you add or merge routes)
------------------------------------------------------
Every named URL pattern must have a row in ``MATRIX`` below; a route without a
row fails ``test_every_route_is_in_the_matrix`` with
"Neue Route ohne Eintrag in der Rollenmatrix: <name>". For a new route add::

    "app:route-name": Route(
        allowed=<roles that may use it, e.g. ORGANISER_ONLY or STAFF>,
        method="GET" or "POST",   # POST for @require_POST views
        kwargs=_pk("conference"),  # objects of ``world``
    ),

- ``allowed`` is a set of the role names in ``ROLES``; the shortcuts
  (``STAFF``, ``INTERNAL``, ``ORGANISER_ONLY`` …) mirror the rules in the apps'
  ``rules.py``. Every other role must get ``denied`` (403 by default; a
  visitor without an account is sent to the login page).
- ``kwargs`` builds the URL arguments from the objects made once in ``world``
  (police authority A); add the objects your route needs there. A route with
  kwargs is an *object route*: a user of another police authority (B, all
  roles) must get 404 for it.
- Allowed roles must get ``status`` (200 by default) for a GET route. POST-only
  routes are checked for refusal only (their success is each app's own test).
- The Django admin is covered by one prefix rule (``ADMIN_NAMESPACE``).
"""

import datetime
import io
from dataclasses import dataclass, field
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import (
    URLPattern,
    URLResolver,
    get_resolver,
    include,
    path,
    reverse,
)
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from konferenz.conferences.services import calendar_feed_issue
from konferenz.core.classification import Classification
from konferenz.core.models import Conference
from konferenz.press import services as press_services
from tagesordnung.minutes.models import Minutes, MinutesComment
from teilnehmer.addressbook.models import AddressBookImport, ContactCheck
from teilnehmer.invitations import tokens
from tests.factories import (
    PDF_BYTES,
    ActionItemFactory,
    AgendaItemFactory,
    AttachmentFactory,
    ConferenceFactory,
    ContactFactory,
    DecisionFactory,
    InvitationFactory,
    MembershipFactory,
    MinutesEntryFactory,
    MinutesFactory,
    PoliceAuthorityFactory,
    ProposalFactory,
    StrategyGoalFactory,
    TopicFactory,
)
from tests.helpers import manage

ORGANISER = "organiser"
MINUTE_TAKER = "minute_taker"
HEAD = "head"
PRESS_OFFICE = "press_office"
READ_ONLY = "read_only"
AUTHORITY_ADMIN = "authority_admin"  # Behördenadministration (users only)
MINISTRY = "ministry"
PARTNER = "partner"  # no account; holds a personal link /einladung/<token>/

ROLES = (
    ORGANISER,
    MINUTE_TAKER,
    HEAD,
    PRESS_OFFICE,
    READ_ONLY,
    AUTHORITY_ADMIN,
    MINISTRY,
    PARTNER,
)
STAFF = frozenset(
    {ORGANISER, MINUTE_TAKER, HEAD, PRESS_OFFICE, READ_ONLY, AUTHORITY_ADMIN}
)
# konferenz.core.rules.is_internal_staff: a press-office-only account sees public
# facts only.
INTERNAL = STAFF - {PRESS_OFFICE}
ORGANISER_ONLY = frozenset({ORGANISER})
# tagesordnung.change_minutes
MINUTES = frozenset({ORGANISER, MINUTE_TAKER})
ACCOUNTS = STAFF | {MINISTRY}
EVERYONE = frozenset(ROLES)

ADMIN_NAMESPACE = "admin"


@dataclass(frozen=True)
class Route:
    allowed: frozenset
    method: str = "GET"
    kwargs: object = None  # callable(world) -> dict
    #: status for an allowed role (int, or {role: int} with "*" as default)
    status: object = 200
    #: status for a role that is not allowed (int, or {role: int}; default: 403,
    #: the login page for PARTNER)
    denied: object = None
    query: dict = field(default_factory=dict)

    def expected_allowed(self, role):
        if isinstance(self.status, dict):
            return self.status.get(role, self.status["*"])
        return self.status

    def expected_denied(self, role):
        default = 302 if role == PARTNER else 403
        if isinstance(self.denied, dict):
            return self.denied.get(role, default)
        return default if self.denied is None else self.denied


def _pk(name):
    """URL arguments ``pk`` of the world's object ``name``."""
    return lambda w: {"pk": getattr(w, name).pk}


_conf = _pk("conference")
USER_ADMIN = frozenset({AUTHORITY_ADMIN})


def _member_pk(w):
    return {"pk": w.users[READ_ONLY].pk}


_held = _pk("held")


def _inv(w):
    return {"pk": w.conference.pk, "invitation_pk": w.invitation.pk}


# Partner pages answer 404 ("Link ungültig") to everyone without a live link in
# the session: staff accounts have none, so they are not told more either.
PARTNER_ONLY = {"allowed": frozenset({PARTNER}), "denied": 404}

MATRIX = {
    # konferenz: login, account, dashboard, conferences
    "login": Route(EVERYONE, status={"*": 302, PARTNER: 200}),
    # health for the load balancer: no login, nothing personal (issue 29)
    "health": Route(EVERYONE),
    "logout": Route(EVERYONE, method="POST"),
    "password_change": Route(ACCOUNTS),
    "password_change_done": Route(ACCOUNTS),
    "konferenz:dashboard": Route(ACCOUNTS, status={"*": 200, MINISTRY: 302}),
    # identity: single sign-on (off in the tests: no provider configured)
    "oidc_authentication_init": Route(EVERYONE, status=404),
    "oidc_authentication_callback": Route(EVERYONE, status=404),
    "konferenz:sso-refused": Route(EVERYONE, status=403),
    # identity: password reset, open to everybody, revealing nothing
    "password_reset": Route(EVERYONE),
    "password_reset_done": Route(EVERYONE),
    "password_reset_confirm": Route(
        EVERYONE, kwargs=lambda w: {"uidb64": "MQ", "token": "abc-def"}
    ),
    "password_reset_complete": Route(EVERYONE),
    # identity: second factor (set-up for accounts; verification also during
    # a login, before the account is logged in)
    "konferenz:mfa-setup": Route(ACCOUNTS),
    "konferenz:mfa-verify": Route(EVERYONE, status={"*": 200, PARTNER: 302}),
    # identity: user management of the own police authority
    "konferenz:user-list": Route(USER_ADMIN),
    "konferenz:user-invite": Route(USER_ADMIN),
    "konferenz:user-detail": Route(USER_ADMIN, kwargs=_member_pk),
    "konferenz:user-deactivate": Route(USER_ADMIN, method="POST", kwargs=_member_pk),
    "konferenz:user-reactivate": Route(USER_ADMIN, method="POST", kwargs=_member_pk),
    "konferenz:user-mfa-reset": Route(USER_ADMIN, method="POST", kwargs=_member_pk),
    "konferenz:user-sso-link": Route(USER_ADMIN, method="POST", kwargs=_member_pk),
    # identity: state-wide set-up of police authorities (and the superuser,
    # tested in tests/konferenz/accounts)
    "konferenz:authority-settings": Route(USER_ADMIN),
    "konferenz:authority-accessibility": Route(USER_ADMIN),
    # The Erklärung zur Barrierefreiheit is public (§ 10b BGG NRW): every
    # police authority's, for everybody, without login.
    "konferenz:accessibility": Route(EVERYONE),
    "konferenz:accessibility-statement": Route(
        EVERYONE, kwargs=lambda w: {"code": w.pa.press_code.lower()}
    ),
    "konferenz:police-authority-list": Route(frozenset({MINISTRY})),
    "konferenz:police-authority-setup": Route(frozenset({MINISTRY})),
    # onboarding of existing authorities (issue 30): the state administration
    # only; an authority administration is refused (403)
    "konferenz:police-authority-admin-invite": Route(
        frozenset({MINISTRY}), kwargs=lambda w: {"pk": w.pa.pk}
    ),
    "konferenz:police-authority-admins-upload": Route(frozenset({MINISTRY})),
    # without an uploaded list the preview sends back to the upload
    "konferenz:police-authority-admins-preview": Route(
        frozenset({MINISTRY}), status=302
    ),
    "konferenz:police-authority-admins-send": Route(
        frozenset({MINISTRY}), method="POST"
    ),
    "konferenz:police-authority-admins-discard": Route(
        frozenset({MINISTRY}), method="POST"
    ),
    "konferenz:conference-list": Route(STAFF),
    "konferenz:conference-detail": Route(STAFF, kwargs=_conf),
    "konferenz:ministry-overview": Route(frozenset({MINISTRY})),
    "konferenz:ministry-overview-xlsx": Route(frozenset({MINISTRY})),
    "konferenz:ministry-authority": Route(
        frozenset({MINISTRY}), kwargs=lambda w: {"pk": w.pa.pk}
    ),
    "konferenz:ministry-topics": Route(frozenset({MINISTRY})),
    "konferenz:ministry-topics-xlsx": Route(frozenset({MINISTRY})),
    "konferenz:statistics": Route(STAFF),
    "konferenz:statistics-xlsx": Route(STAFF),
    "konferenz:conference-create": Route(ORGANISER_ONLY),
    "konferenz:conference-edit": Route(ORGANISER_ONLY, kwargs=_conf),
    "konferenz:conference-copy": Route(ORGANISER_ONLY, kwargs=_held),
    "konferenz:conference-transition": Route(
        ORGANISER_ONLY, method="POST", kwargs=_conf
    ),
    "konferenz:conference-cancel": Route(ORGANISER_ONLY, kwargs=_conf),
    # Without an undoable step the page sends the organiser back (302).
    "konferenz:conference-undo": Route(ORGANISER_ONLY, kwargs=_conf, status={"*": 302}),
    "konferenz:conference-ics": Route(STAFF, kwargs=_conf),
    "konferenz:calendar-subscription": Route(STAFF),
    # The feed's secret address is the credential (calendar programs have no
    # session); an unknown or revoked one answers 404 (tests/konferenz).
    "konferenz:calendar-feed": Route(
        EVERYONE, kwargs=lambda w: {"token": w.feed_token}
    ),
    # konferenz: press release (after the conference)
    "konferenz:press-release": Route(STAFF, kwargs=_held),
    "konferenz:press-release-generate": Route(
        frozenset({PRESS_OFFICE}), method="POST", kwargs=_held
    ),
    "konferenz:press-release-edit": Route(frozenset({PRESS_OFFICE}), kwargs=_held),
    "konferenz:press-release-approve": Route(
        frozenset({HEAD}), method="POST", kwargs=_held
    ),
    "konferenz:press-release-publish": Route(
        frozenset({PRESS_OFFICE}), method="POST", kwargs=_held
    ),
    "konferenz:press-quote-add": Route(
        frozenset({PRESS_OFFICE}), method="POST", kwargs=_held
    ),
    "konferenz:press-quote-delete": Route(
        frozenset({PRESS_OFFICE}),
        method="POST",
        kwargs=lambda w: {"pk": w.held.pk, "quote_pk": w.quote.pk},
    ),
    # quotes sent to the quoted person for approval (issue 34)
    "konferenz:press-quote-request": Route(
        frozenset({PRESS_OFFICE}),
        method="POST",
        kwargs=lambda w: {"pk": w.held.pk, "quote_pk": w.quote.pk},
    ),
    "konferenz:press-quote-take-over": Route(
        frozenset({PRESS_OFFICE}),
        method="POST",
        kwargs=lambda w: {"pk": w.held.pk, "quote_pk": w.quote.pk},
    ),
    "konferenz:press-release-export": Route(
        STAFF, kwargs=lambda w: {"pk": w.held.pk, "fmt": "txt"}
    ),
    "konferenz:press-release-version": Route(
        STAFF, kwargs=lambda w: {"pk": w.held.pk, "number": w.version_number}
    ),
    # teilnehmer: address book
    "teilnehmer:authority-list": Route(INTERNAL),
    "teilnehmer:authority-create": Route(ORGANISER_ONLY),
    "teilnehmer:authority-detail": Route(INTERNAL, kwargs=_pk("authority")),
    "teilnehmer:authority-edit": Route(ORGANISER_ONLY, kwargs=_pk("authority")),
    "teilnehmer:authority-set-active": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("authority")
    ),
    "teilnehmer:contact-create": Route(ORGANISER_ONLY, kwargs=_pk("authority")),
    "teilnehmer:contact-detail": Route(INTERNAL, kwargs=_pk("contact")),
    "teilnehmer:contact-edit": Route(ORGANISER_ONLY, kwargs=_pk("contact")),
    "teilnehmer:contact-set-active": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("contact")
    ),
    "teilnehmer:contact-anonymise": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("contact")
    ),
    "teilnehmer:contact-data-export": Route(ORGANISER_ONLY, kwargs=_pk("contact")),
    "teilnehmer:contact-data-export-pdf": Route(ORGANISER_ONLY, kwargs=_pk("contact")),
    "teilnehmer:duplicate-list": Route(ORGANISER_ONLY),
    "teilnehmer:contact-merge": Route(ORGANISER_ONLY, method="POST"),
    "teilnehmer:import-upload": Route(ORGANISER_ONLY),
    "teilnehmer:import-template": Route(ORGANISER_ONLY),
    "teilnehmer:import-preview": Route(ORGANISER_ONLY, kwargs=_pk("upload")),
    "teilnehmer:import-confirm": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("upload")
    ),
    "teilnehmer:import-cancel": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("upload")
    ),
    "teilnehmer:export": Route(ORGANISER_ONLY),
    # tagesordnung: topics, goals, agenda, attachments, proposals
    "tagesordnung:topic-list": Route(STAFF),
    "tagesordnung:topic-create": Route(ORGANISER_ONLY),
    "tagesordnung:topic-edit": Route(ORGANISER_ONLY, kwargs=_pk("topic")),
    "tagesordnung:topic-toggle": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("topic")
    ),
    "tagesordnung:goal-create": Route(ORGANISER_ONLY),
    "tagesordnung:goal-edit": Route(ORGANISER_ONLY, kwargs=_pk("goal")),
    "tagesordnung:agenda": Route(STAFF, kwargs=_conf),
    "tagesordnung:item-create": Route(ORGANISER_ONLY, kwargs=_conf),
    "tagesordnung:agenda-reorder": Route(ORGANISER_ONLY, method="POST", kwargs=_conf),
    "tagesordnung:carry-over-add": Route(ORGANISER_ONLY, method="POST", kwargs=_conf),
    "tagesordnung:agenda-export": Route(
        INTERNAL, kwargs=lambda w: {"pk": w.conference.pk, "fmt": "docx"}
    ),
    "tagesordnung:item-edit": Route(ORGANISER_ONLY, kwargs=_pk("item")),
    "tagesordnung:item-delete": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("item")
    ),
    "tagesordnung:item-move": Route(ORGANISER_ONLY, method="POST", kwargs=_pk("item")),
    "tagesordnung:attachment-upload": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("item")
    ),
    "tagesordnung:attachment-download": Route(
        INTERNAL,
        kwargs=_pk("attachment"),
        # The press office may open attachments, but this one is internal:
        # classified content is not found rather than forbidden.
        denied={PRESS_OFFICE: 404},
    ),
    "tagesordnung:attachment-delete": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("attachment")
    ),
    "tagesordnung:proposal-decide": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("proposal")
    ),
    # tagesordnung: minutes, decisions, actions, search
    "tagesordnung:minutes": Route(STAFF, kwargs=_held),
    "tagesordnung:minutes-create": Route(MINUTES, method="POST", kwargs=_held),
    "tagesordnung:minutes-settings": Route(MINUTES, method="POST", kwargs=_held),
    # Approval is the head's step; without a step the writers' right is asked.
    "tagesordnung:minutes-transition": Route(MINUTES, method="POST", kwargs=_held),
    # The press office sees public facts only: the minutes document, its
    # versions and history need the right to internal content (403, as every
    # missing right: konferenz/core/access.py).
    "tagesordnung:minutes-export": Route(
        INTERNAL, kwargs=lambda w: {"pk": w.held.pk, "fmt": "docx"}
    ),
    "tagesordnung:minutes-distribute": Route(MINUTES, kwargs=_held),
    "tagesordnung:minutes-diff": Route(INTERNAL, kwargs=_held),
    "tagesordnung:minutes-history": Route(INTERNAL, kwargs=_held),
    # The archive copy holds everything: VS-NfD readers only.
    "tagesordnung:minutes-archive": Route(
        ORGANISER_ONLY,
        kwargs=lambda w: {"pk": w.held.pk, "revision": 1},
    ),
    "tagesordnung:entry-edit": Route(MINUTES, kwargs=_pk("entry")),
    "tagesordnung:decision-add": Route(MINUTES, method="POST", kwargs=_pk("entry")),
    "tagesordnung:action-add": Route(MINUTES, kwargs=_pk("entry")),
    "tagesordnung:action-edit": Route(MINUTES, kwargs=_pk("action")),
    "tagesordnung:decision-delete": Route(
        MINUTES, method="POST", kwargs=_pk("decision")
    ),
    "tagesordnung:comment-reply": Route(MINUTES, method="POST", kwargs=_pk("comment")),
    "tagesordnung:action-list": Route(STAFF),
    "tagesordnung:action-list-xlsx": Route(STAFF),
    "tagesordnung:actions-remind": Route(MINUTES, method="POST"),
    "tagesordnung:action-progress": Route(MINUTES, method="POST", kwargs=_pk("action")),
    "tagesordnung:action-delete": Route(MINUTES, method="POST", kwargs=_pk("action")),
    "tagesordnung:minutes-search": Route(STAFF, query={"q": "Lage"}),
    # the yearly contact check (issue 34)
    "teilnehmer:authority-contact-check": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("authority")
    ),
    "teilnehmer:contact-check": Route(ORGANISER_ONLY),
    "teilnehmer:contact-check-accept": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("contact_check")
    ),
    "teilnehmer:contact-check-reject": Route(
        ORGANISER_ONLY, method="POST", kwargs=_pk("contact_check")
    ),
    # invitations of a conference (staff)
    "invitations:overview": Route(INTERNAL, kwargs=_conf),
    "invitations:invitees-add": Route(ORGANISER_ONLY, kwargs=_conf),
    "invitations:send": Route(ORGANISER_ONLY, kwargs=_conf),
    "invitations:remind": Route(ORGANISER_ONLY, method="POST", kwargs=_conf),
    "invitations:checkin": Route(ORGANISER_ONLY, kwargs=_conf),
    "invitations:checkin-walk-in": Route(ORGANISER_ONLY, method="POST", kwargs=_conf),
    "invitations:checkin-toggle": Route(ORGANISER_ONLY, method="POST", kwargs=_inv),
    "invitations:attendance-xlsx": Route(INTERNAL, kwargs=_conf),
    "invitations:signin-sheet": Route(INTERNAL, kwargs=_conf),
    "invitations:record-answer": Route(ORGANISER_ONLY, kwargs=_inv),
    "invitations:history": Route(INTERNAL, kwargs=_inv),
    "invitations:revoke": Route(ORGANISER_ONLY, method="POST", kwargs=_inv),
    "invitations:reissue": Route(ORGANISER_ONLY, method="POST", kwargs=_inv),
    "invitations:remove": Route(ORGANISER_ONLY, method="POST", kwargs=_inv),
    "invitations:deputy-confirm": Route(ORGANISER_ONLY, method="POST", kwargs=_inv),
    # the partner link (no account)
    "partner:open": Route(
        # The link itself is the credential: whoever holds it gets in.
        EVERYONE,
        kwargs=lambda w: {"token": w.token},
        status=302,
    ),
    "partner:answer": Route(**PARTNER_ONLY),
    "partner:proposal": Route(**PARTNER_ONLY, method="POST"),
    "partner:attachment": Route(**PARTNER_ONLY, kwargs=_pk("public_attachment")),
    "partner:minutes-comment": Route(**PARTNER_ONLY, method="POST"),
    "partner:calendar": Route(**PARTNER_ONLY),
    # The partner's conference has no minutes yet: not found (the download
    # itself: tests/teilnehmer/partner/test_partner_link_for_the_year.py).
    "partner:minutes-pdf": Route(**PARTNER_ONLY, status=404),
    "partner:action-progress": Route(
        **PARTNER_ONLY, method="POST", kwargs=_pk("action")
    ),
    # the quoted person's link (no account; the matrix's partner also holds
    # the link of a quote sent for approval)
    "quote:open": Route(
        # The link itself is the credential: whoever holds it gets in.
        EVERYONE,
        kwargs=lambda w: {"token": w.quote_token},
        status=302,
    ),
    # the contact person's check link (the matrix's partner holds one too)
    "contactcheck:open": Route(
        EVERYONE, kwargs=lambda w: {"token": w.check_token}, status=302
    ),
    "contactcheck:page": Route(**PARTNER_ONLY),
    "contactcheck:confirm": Route(**PARTNER_ONLY, method="POST"),
    "contactcheck:correct": Route(**PARTNER_ONLY, method="POST"),
    "contactcheck:successor": Route(**PARTNER_ONLY, method="POST"),
    "quote:page": Route(**PARTNER_ONLY),
    "quote:approve": Route(**PARTNER_ONLY, method="POST", kwargs=_pk("quote")),
    "quote:propose": Route(**PARTNER_ONLY, method="POST", kwargs=_pk("quote")),
}


def _route_names(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                )
            yield from _route_names(entry, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<ohne Namen: {entry.pattern}>"
            yield f"{namespace}:{name}" if namespace else name


def _matrix_problems(resolver):
    names = [
        name
        for name in _route_names(resolver)
        if not name.startswith(ADMIN_NAMESPACE + ":")
    ]
    missing = [name for name in names if name not in MATRIX]
    stale = sorted(set(MATRIX) - set(names))
    problems = []
    if missing:
        problems.append(
            "Neue Route ohne Eintrag in der Rollenmatrix: " + ", ".join(missing)
        )
    if stale:
        problems.append("Eintrag in der Rollenmatrix ohne Route: " + ", ".join(stale))
    return problems


def test_every_route_is_in_the_matrix():
    problems = _matrix_problems(get_resolver())

    assert not problems, "\n".join(problems)


def test_a_route_without_a_row_is_named():
    urlconf = [
        *get_resolver().url_patterns,
        path("neu/", include(([path("", lambda r: None, name="seite")], "plan"))),
    ]

    problems = _matrix_problems(URLResolver(RegexPattern(r"^/"), urlconf))

    assert problems == ["Neue Route ohne Eintrag in der Rollenmatrix: plan:seite"]


# One set of data for the whole module, rolled back at its end; each test runs
# inside its own savepoint on top of it (pytest-django's ``db``).


def _member(police_authority, **roles):
    return MembershipFactory(police_authority=police_authority, **roles).user


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    # Stored files are rows (konferenz/core/dbstorage.py), rolled back with
    # the world; the old media folder is an empty one of its own.
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=str(media)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        pa = PoliceAuthorityFactory()
        today = timezone.localdate()
        w = SimpleNamespace(pa=pa)
        w.users = {
            ORGANISER: _member(pa, is_organiser=True, may_read_vs_nfd=True),
            MINUTE_TAKER: _member(pa, is_minute_taker=True),
            HEAD: _member(pa, is_head=True),
            PRESS_OFFICE: _member(pa, is_press_office=True),
            READ_ONLY: _member(pa),
            AUTHORITY_ADMIN: _member(pa, is_authority_admin=True),
            MINISTRY: MembershipFactory(police_authority=None, is_ministry=True).user,
        }
        w.stranger = _member(
            PoliceAuthorityFactory(),
            is_organiser=True,
            is_minute_taker=True,
            is_head=True,
            is_press_office=True,
            may_read_vs_nfd=True,
            is_authority_admin=True,
        )
        w.conference = ConferenceFactory(
            police_authority=pa,
            date=today + datetime.timedelta(days=30),
            rsvp_deadline=today + datetime.timedelta(days=20),
        )
        w.held = ConferenceFactory(
            police_authority=pa,
            date=today - datetime.timedelta(days=10),
            status=Conference.Status.HELD,
        )
        release = press_services.press_release_generate(
            conference=w.held, user=w.users[PRESS_OFFICE]
        )
        press_services.press_release_approve(release=release, user=w.users[HEAD])
        w.version_number = release.versions.get().number
        w.quote = press_services.press_quote_add(
            release=release,
            person="Dr. Erika Muster",
            function="Polizeipräsidentin",
            text="Sicherheit ist Gemeinschaftsaufgabe.",
            placement="end",
        )
        w.quote_token = tokens.derive("quote-secret")
        w.quote.approval = "requested"
        w.quote.requested_at = timezone.now()
        w.quote.token_hash = tokens.token_hash(w.quote_token)
        w.quote.save()
        w.contact = ContactFactory(authority__police_authority=pa)
        w.authority = w.contact.authority
        w.check_token = tokens.derive("check-secret")
        w.contact_check = ContactCheck.objects.create(
            contact=w.contact,
            requested_at=timezone.now(),
            link_secret="check-secret",
            token_hash=tokens.token_hash(w.check_token),
            answer=ContactCheck.Answer.CORRECTED,
            proposed={"last_name": "Neu", "email": "neu@example.org"},
        )
        w.invitation = InvitationFactory(conference=w.conference, contact=w.contact)
        w.token = tokens.new_token()
        w.invitation.token_hash = tokens.token_hash(w.token)
        w.invitation.save(update_fields=["token_hash"])
        w.topic = TopicFactory(police_authority=pa)
        w.goal = StrategyGoalFactory(police_authority=pa)
        w.item = AgendaItemFactory(
            conference=w.conference, classification=Classification.INTERNAL
        )
        w.attachment = AttachmentFactory(item=w.item)
        public_item = AgendaItemFactory(
            conference=w.conference, classification=Classification.PUBLIC
        )
        w.public_attachment = AttachmentFactory(
            item=public_item,
            file=ContentFile(PDF_BYTES, name="oeffentlich.pdf"),
        )
        # above the clearance of every reader but the VS-NfD organiser
        w.secret_attachment = AttachmentFactory(
            item=AgendaItemFactory(
                conference=w.conference, classification=Classification.VS_NFD
            ),
            file=ContentFile(PDF_BYTES, name="vs-nfd.pdf"),
        )
        w.proposal = ProposalFactory(invitation=w.invitation)
        w.feed_token = calendar_feed_issue(user=w.users[READ_ONLY])
        w.minutes = MinutesFactory(conference=w.held)
        w.entry = MinutesEntryFactory(
            minutes=w.minutes,
            agenda_item=AgendaItemFactory(
                conference=w.held, classification=Classification.INTERNAL
            ),
            classification=Classification.INTERNAL,
        )
        w.decision = DecisionFactory(
            entry=w.entry, classification=Classification.INTERNAL
        )
        w.action = ActionItemFactory(
            entry=w.entry,
            classification=Classification.INTERNAL,
            responsible=w.authority,
        )
        w.minutes.snapshots.create(
            revision=1, archive=ContentFile(PDF_BYTES, name="archiv.pdf")
        )
        w.comment = MinutesComment.objects.create(
            entry=w.entry,
            invitation=InvitationFactory(conference=w.held, contact=w.contact),
            text="Bitte ergänzen.",
        )
        w.upload = AddressBookImport.objects.create(
            police_authority=pa,
            created_by=w.users[ORGANISER],
            filename="adressen.xlsx",
            rows=[],
        )
        yield w
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _client_for(world, role):
    client = Client()
    if role == PARTNER:
        assert (
            client.get(reverse("partner:open", args=[world.token])).status_code == 302
        )
        for name, token in (
            ("quote:open", world.quote_token),
            ("contactcheck:open", world.check_token),
        ):
            assert client.get(reverse(name, args=[token])).status_code == 302
    else:
        client.force_login(world.users[role])
    return client


def _request(client, route, name, world):
    kwargs = route.kwargs(world) if route.kwargs else {}
    url = reverse(name, kwargs=kwargs)
    if route.method == "POST":
        return client.post(url)
    return client.get(url, route.query)


# POST actions of allowed roles are left to each app's own tests (they change
# data); here only their refusal is checked.
CASES = [
    (name, role)
    for name, route in MATRIX.items()
    for role in ROLES
    if not (role in route.allowed and route.method == "POST")
]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_role_gets_what_the_matrix_says(db, world, name, role):
    route = MATRIX[name]
    client = _client_for(world, role)

    response = _request(client, route, name, world)

    if role in route.allowed:
        assert response.status_code == route.expected_allowed(role), (name, role)
        return
    expected = route.expected_denied(role)
    assert response.status_code == expected, (name, role, response.status_code)
    if expected == 302:
        assert response["Location"].startswith(reverse("login") + "?next="), name
    elif expected == 403:
        assert "Zugriff verweigert" in response.content.decode(), name


OBJECT_ROUTES = [
    name
    for name, route in MATRIX.items()
    if route.kwargs
    and route.allowed & STAFF
    and name
    not in (
        "partner:open",
        "quote:open",
        "contactcheck:open",
        "konferenz:calendar-feed",
        "password_reset_confirm",
        "konferenz:accessibility-statement",
    )
]


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_other_police_authority_gets_404_for_object_routes(db, world, name):
    client = Client()
    client.force_login(world.stranger)

    response = _request(client, MATRIX[name], name, world)

    assert response.status_code == 404, name


def test_partner_of_another_authority_gets_404_for_the_attachment(db, world):
    other = InvitationFactory(
        conference__date=timezone.localdate() + datetime.timedelta(days=30)
    )
    token = tokens.new_token()
    other.token_hash = tokens.token_hash(token)
    other.save(update_fields=["token_hash"])
    client = Client()
    client.get(reverse("partner:open", args=[token]))

    response = client.get(
        reverse("partner:attachment", args=[world.public_attachment.pk])
    )

    assert response.status_code == 404
    assert client.get(reverse("partner:answer")).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_closed_to_every_role_without_staff_status(db, world, role):
    client = _client_for(world, role)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Response headers and methods on every route (issue 16) ------------------------


def _some_allowed_role(route):
    return ORGANISER if ORGANISER in route.allowed else sorted(route.allowed)[0]


GET_ROUTES = [
    name for name, route in MATRIX.items() if route.method == "GET" and route.allowed
]


@pytest.mark.parametrize("name", GET_ROUTES)
def test_signed_in_pages_and_downloads_are_never_stored(db, world, name):
    route = MATRIX[name]
    role = _some_allowed_role(route)

    response = _request(_client_for(world, role), route, name, world)

    cache_control = {
        part.strip() for part in response.get("Cache-Control", "").split(",")
    }
    assert {"no-store", "private"} <= cache_control, (name, role, cache_control)
    assert "camera=()" in response["Permissions-Policy"], name
    assert "geolocation=()" in response["Permissions-Policy"], name
    csp = response.get("Content-Security-Policy", "")
    assert "base-uri 'self'" not in csp, name
    if response.get("Content-Type", "").startswith("text/html"):
        assert "base-uri 'none'" in csp, name


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "TRACE", "OPTIONS"])
def test_unhandled_methods_answer_405_on_every_route(db, world, method):
    answers = {}
    for name, route in MATRIX.items():
        if not route.allowed:
            continue
        client = _client_for(world, _some_allowed_role(route))
        kwargs = route.kwargs(world) if route.kwargs else {}
        response = client.generic(method, reverse(name, kwargs=kwargs))
        answers[name] = response.status_code

    assert set(answers.values()) == {405}, {
        n: s for n, s in answers.items() if s != 405
    }
    assert len(answers) > 50


def test_production_cookies_carry_the_host_prefix(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME)",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="siko.polizei.nrw.example",
        DEBUG="0",
        SIKO_VAR_DIR=str(tmp_path),
    )

    assert result.stdout.split()[-2:] == ["__Host-sessionid", "__Host-csrftoken"], (
        result.stderr
    )


# The one access rule on every document route (issue 33) ------------------------
#
# docs/architecture.md, "Access: 403 or 404"; konferenz/core/access.py.
# A missing right (role or permission) is 403; another police authority's
# object, or a classified one above the reader's clearance, is 404; behind a
# secret link an invalid link is 404. Every route that answers a file has a
# row here; ``test_every_file_route_is_in_the_document_table`` finds new ones.

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
ICS = "text/calendar"
#: What a file of each type begins with.
MAGIC = {
    XLSX: b"PK",
    DOCX: b"PK",
    PDF: b"%PDF",
    ICS: b"BEGIN:VCALENDAR",
    "text/csv": b"",
    "text/plain": b"",
    "application/json": b"{",
}
#: Routes behind a secret link: the link is the right.
LINK_ROUTES = ("partner:attachment", "partner:calendar", "partner:minutes-pdf")


@dataclass(frozen=True)
class Document:
    route: str
    content_type: str
    #: URL arguments (default: the matrix row's), e.g. another format
    kwargs: object = None
    query: dict = field(default_factory=dict)
    #: who holds the right (default: the matrix row's ``allowed``)
    allowed: frozenset = None
    #: roles that hold the route's right, but this object is classified above
    #: their clearance: not found
    classified_for: frozenset = frozenset()
    #: text of authority A that A's file holds and another authority's lacks
    #: (routes without an object: each authority gets a file of its own)
    marker: object = None

    @property
    def id(self):
        variant = "".join(f"-{v}" for v in self.query.values())
        if self.kwargs:
            return f"{self.route}-{self.content_type.split('/')[-1][:12]}{variant}"
        return self.route + variant

    def url(self, world):
        kwargs = (self.kwargs or MATRIX[self.route].kwargs or (lambda w: {}))(world)
        return reverse(self.route, kwargs=kwargs)

    def rights(self):
        return self.allowed or MATRIX[self.route].allowed


def _fmt(name, fmt):
    return lambda w: {"pk": getattr(w, name).pk, "fmt": fmt}


DOCUMENTS = [
    Document("konferenz:ministry-overview-xlsx", XLSX),
    Document("konferenz:ministry-topics-xlsx", XLSX),
    Document("konferenz:statistics-xlsx", XLSX),
    Document("konferenz:conference-ics", ICS),
    Document("konferenz:calendar-feed", ICS),
    Document("konferenz:press-release-export", "text/plain", _fmt("held", "txt")),
    Document("konferenz:press-release-export", DOCX, _fmt("held", "docx")),
    Document("konferenz:press-release-export", PDF, _fmt("held", "pdf")),
    Document("teilnehmer:contact-data-export", "application/json"),
    Document("teilnehmer:contact-data-export-pdf", PDF),
    Document("teilnehmer:import-template", XLSX),
    Document("teilnehmer:export", XLSX, marker=lambda w: w.authority.name),
    Document(
        "teilnehmer:export",
        "text/csv",
        query={"format": "csv"},
        marker=lambda w: w.authority.name,
    ),
    Document("tagesordnung:agenda-export", PDF, _fmt("conference", "pdf")),
    Document("tagesordnung:agenda-export", DOCX, _fmt("conference", "docx")),
    # The internal version holds VS-NfD items: its right is the clearance.
    Document(
        "tagesordnung:agenda-export",
        PDF,
        _fmt("conference", "pdf"),
        query={"fassung": "intern"},
        allowed=ORGANISER_ONLY,
    ),
    Document("tagesordnung:attachment-download", PDF, classified_for={PRESS_OFFICE}),
    Document("tagesordnung:minutes-export", PDF, _fmt("held", "pdf")),
    Document("tagesordnung:minutes-export", DOCX, _fmt("held", "docx")),
    Document("tagesordnung:minutes-archive", PDF),
    Document(
        "tagesordnung:action-list-xlsx", XLSX, marker=lambda w: w.action.description
    ),
    Document("invitations:attendance-xlsx", XLSX),
    Document("invitations:signin-sheet", PDF),
    Document("partner:attachment", PDF),
    Document("partner:calendar", ICS),
    # the right reader: test_partner_present_at_the_conference_gets_its_minutes
    Document("partner:minutes-pdf", PDF),
]
DOCUMENT_IDS = [d.id for d in DOCUMENTS]


def _reader(document):
    rights = document.rights()
    if PARTNER in rights and ORGANISER not in rights:
        return PARTNER
    return ORGANISER if ORGANISER in rights else sorted(rights)[0]


def _text(response):
    """The file's text (cells of a workbook), for markers."""
    data = b"".join(response.streaming_content) if response.streaming else None
    data = data if data is not None else response.content
    if response["Content-Type"].startswith(XLSX):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return data.decode("utf-8", "replace")


def _is_file(response):
    disposition = response.get("Content-Disposition", "")
    content_type = response.get("Content-Type", "").split(";")[0]
    return "attachment" in disposition or content_type in MAGIC.keys() - {
        "application/json",
        "text/plain",
    }


def test_every_file_route_is_in_the_document_table(db, world):
    pinned = {d.route for d in DOCUMENTS}
    files = set()
    for name in GET_ROUTES:
        route = MATRIX[name]
        response = _request(
            _client_for(world, _some_allowed_role(route)), route, name, world
        )
        if _is_file(response):
            files.add(name)

    assert files - pinned == set(), "Datei-Route ohne Zeile in DOCUMENTS"
    # routes that answer no file for the matrix's world (minutes-pdf: no minutes)
    assert pinned - files == {"partner:minutes-pdf"}


@pytest.mark.parametrize("document", DOCUMENTS, ids=DOCUMENT_IDS)
def test_document_right_reader_gets_the_file(db, world, document):
    if document.route == "partner:minutes-pdf":
        pytest.skip("the world's partner has no minutes; see the test below")
    client = _client_for(world, _reader(document))

    response = client.get(document.url(world), document.query)

    assert response.status_code == 200, document.id
    assert response["Content-Type"].split(";")[0] == document.content_type
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert body.startswith(MAGIC[document.content_type]), body[:20]
    if document.marker:
        assert document.marker(world) in _text(response)


def _without_the_right(document):
    return [
        (document, role)
        for role in sorted((STAFF | {MINISTRY}) - document.rights())
        if role not in document.classified_for
    ]


REFUSALS = [case for d in DOCUMENTS for case in _without_the_right(d)]


@pytest.mark.parametrize(
    ("document", "role"), REFUSALS, ids=[f"{d.id}-{r}" for d, r in REFUSALS]
)
def test_document_refused_to_an_account_without_the_right(db, world, document, role):
    client = _client_for(world, role)

    response = client.get(document.url(world), document.query)

    if document.route in LINK_ROUTES:
        # an account holds no partner link: the link is invalid for it
        assert response.status_code == 404, (document.id, role)
        assert "Link" in response.content.decode()
    else:
        assert response.status_code == 403, (document.id, role)
        assert "Zugriff verweigert" in response.content.decode()


TENANT_DOCUMENTS = [
    d
    for d in DOCUMENTS
    if (MATRIX[d.route].kwargs or d.marker)
    and d.route not in LINK_ROUTES
    and d.route != "konferenz:calendar-feed"
]


@pytest.mark.parametrize(
    "document", TENANT_DOCUMENTS, ids=[d.id for d in TENANT_DOCUMENTS]
)
def test_document_of_another_police_authority_is_not_found(db, world, document):
    client = Client()
    client.force_login(world.stranger)  # every right, in police authority B

    response = client.get(document.url(world), document.query)

    if MATRIX[document.route].kwargs:
        assert response.status_code == 404, document.id
    else:
        # no object in the URL: B gets B's own file, without A's rows
        assert response.status_code == 200
        assert document.marker(world) not in _text(response)


@pytest.mark.parametrize(
    ("role", "status"),
    [(ORGANISER, 200), (READ_ONLY, 404), (MINUTE_TAKER, 404), (HEAD, 404)],
)
def test_vs_nfd_attachment_is_not_found_below_the_clearance(db, world, role, status):
    client = _client_for(world, role)

    response = client.get(
        reverse("tagesordnung:attachment-download", args=[world.secret_attachment.pk])
    )

    assert response.status_code == status, role


def test_internal_attachment_is_not_found_for_the_press_office(db, world):
    client = _client_for(world, PRESS_OFFICE)

    internal = client.get(
        reverse("tagesordnung:attachment-download", args=[world.attachment.pk])
    )
    public = client.get(
        reverse("tagesordnung:attachment-download", args=[world.public_attachment.pk])
    )

    assert internal.status_code == 404
    assert public.status_code == 200
    assert public["Content-Type"] == PDF


def test_partner_does_not_find_a_vs_nfd_attachment(db, world):
    client = _client_for(world, PARTNER)

    response = client.get(
        reverse("partner:attachment", args=[world.secret_attachment.pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["partner:open", "konferenz:calendar-feed"])
def test_an_invalid_link_is_not_found(db, world, name):
    response = Client().get(reverse(name, args=["x" * 43]))

    assert response.status_code == 404


def test_partner_present_at_the_conference_gets_its_minutes(db, world):
    invitation = InvitationFactory(conference=world.held, attended=True)
    token = tokens.new_token()
    invitation.token_hash = tokens.token_hash(token)
    invitation.save(update_fields=["token_hash"])
    Minutes.objects.filter(pk=world.minutes.pk).update(status=Minutes.Status.IN_REVIEW)
    client = Client()
    client.get(reverse("partner:open", args=[token]))

    response = client.get(reverse("partner:minutes-pdf"))
    other = InvitationFactory(conference=world.held, attended=False)
    other_token = tokens.new_token()
    other.token_hash = tokens.token_hash(other_token)
    other.save(update_fields=["token_hash"])
    absent = Client()
    absent.get(reverse("partner:open", args=[other_token]))

    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    assert response.content.startswith(b"%PDF")
    # absent from the draft's conference: no minutes for this link
    assert absent.get(reverse("partner:minutes-pdf")).status_code == 404


def test_a_refusal_by_right_is_403_on_every_route():
    # The matrix may answer 404 to an account only where the link is the right
    # (partner, quote and contact-check pages) or the object is classified.
    classified = {("tagesordnung:attachment-download", PRESS_OFFICE)}
    not_found = {
        (name, role)
        for name, route in MATRIX.items()
        for role in ROLES
        if role != PARTNER
        and role not in route.allowed
        and route.expected_denied(role) == 404
        and PARTNER not in route.allowed
    }

    assert not_found == classified
