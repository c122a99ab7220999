"""User management, set-up of police authorities, second factor, SSO refusal."""

import secrets
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe
from django_otp import login as otp_login

from konferenz.accounts import accessibility, mfa, onboarding, selectors, services
from konferenz.accounts.forms import (
    AccessibilityStatementForm,
    AdminListUploadForm,
    AuthorityAdminInviteForm,
    AuthorityLinksForm,
    AuthoritySetupForm,
    InviteForm,
    LoginForm,
    RolesForm,
    SetupForm,
    TokenForm,
    UserFilterForm,
)
from konferenz.accounts.sso import REFUSAL_SESSION_KEY, sso_enabled
from konferenz.core import access, locking, ratelimit
from konferenz.core.models import PoliceAuthority
from konferenz.core.tenancy import require_tenant

MANAGE = "konferenz.manage_users"
SETUP = "konferenz.setup_authorities"
#: session key of a password login that still waits for its second factor
PENDING_SESSION_KEY = "siko_mfa_pending"
#: session key of this login's id, under which its wrong codes are counted
ATTEMPT_SESSION_KEY = "siko_mfa_attempt"
#: wrong codes of one login before it ends (counted for up to LOGIN_WINDOW s)
MAX_TOKEN_ATTEMPTS = 5
LOGIN_WINDOW = 24 * 60 * 60
#: wrong codes per user (over all sessions) before a pause of FAILURE_WINDOW s
MAX_USER_FAILURES = 10
FAILURE_WINDOW = 15 * 60


# --- user management of one police authority (Behördenadministration) ---


@access.require(MANAGE)
def user_list(request):
    tenant = require_tenant(request)
    filters = UserFilterForm(request.GET or None)
    return render(
        request,
        "konferenz/accounts/user_list.html",
        {
            "filters": filters,
            "users": selectors.users_of(
                police_authority=tenant, vs_nfd=filters.clearance()
            ),
            "events": selectors.account_events(police_authority=tenant),
        },
    )


@access.require(MANAGE)
def user_invite(request):
    tenant = require_tenant(request)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_invite(
            police_authority=tenant,
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            roles=set(data["roles"]),
            actor=request.user,
            request=request,
        )
        messages.success(
            request,
            _("%(name)s was invited; the invitation was sent to %(email)s.")
            % {"name": user.get_full_name(), "email": user.email},
        )
        return redirect("konferenz:user-list")
    return render(request, "konferenz/accounts/user_invite.html", {"form": form})


def _role_initial(membership):
    return [
        role
        for role, field in services.ROLE_FIELDS.items()
        if getattr(membership, field)
    ]


@access.require(MANAGE)
def user_detail(request, pk):
    tenant = require_tenant(request)
    user = selectors.user_of(police_authority=tenant, pk=pk)
    form = RolesForm(
        request.POST or None, initial={"roles": _role_initial(user.membership)}
    )
    if request.method == "POST" and form.is_valid():
        roles = set(form.cleaned_data["roles"])
        if user == request.user and "authority_admin" not in roles:
            form.add_error(
                "roles",
                _("You cannot take the authority administration away from yourself."),
            )
        else:
            services.membership_roles_set(
                membership=user.membership, roles=roles, actor=request.user
            )
            messages.success(request, _("The roles were saved."))
            return redirect("konferenz:user-detail", pk=user.pk)
    return render(
        request,
        "konferenz/accounts/user_detail.html",
        {
            "account": user,
            "form": form,
            "has_second_factor": mfa.has_second_factor(user),
            "sso": sso_enabled(),
            "sso_identity": selectors.sso_identity_of(user=user),
            "sso_link_grant": selectors.sso_link_grant_of(user=user),
            "events": selectors.account_events(police_authority=tenant, user=user),
        },
    )


#: The steps of the user page on another account (``user_action``, named in
#: konferenz/accounts/urls.py): the service and what it did.
USER_ACTIONS = {
    "deactivate": (
        partial(services.user_set_active, active=False),
        gettext_lazy("The account was deactivated; its sessions have ended."),
    ),
    "reactivate": (
        partial(services.user_set_active, active=True),
        gettext_lazy("The account was reactivated."),
    ),
    "mfa-reset": (
        services.mfa_reset,
        gettext_lazy(
            "The second factor was reset; it is set up anew at the next login."
        ),
    ),
}


@require_POST
@access.require(MANAGE)
def user_action(request, pk, action):
    """Deactivate, reactivate or reset the second factor of another account
    of the authority (never one's own)."""
    act, message = USER_ACTIONS[action]
    user = selectors.user_of(police_authority=require_tenant(request), pk=pk)
    if user == request.user:
        messages.error(request, _("You cannot do this to your own account."))
    else:
        act(user=user, actor=request.user)
        messages.success(request, message)
    return redirect("konferenz:user-detail", pk=user.pk)


@require_POST
@access.require(MANAGE)
def user_sso_link(request, pk):
    """Allow the next police-account login of this user to bind the account
    (README, "Bindung an das Polizei-Konto")."""
    tenant = require_tenant(request)
    user = selectors.user_of(police_authority=tenant, pk=pk)
    if not sso_enabled() or selectors.sso_identity_of(user=user) is not None:
        messages.error(
            request, _("This account cannot be linked with a police account.")
        )
    else:
        grant = services.sso_link_allow(user=user, actor=request.user)
        messages.success(
            request,
            _(
                "The next login with the police account of %(email)s (until "
                "%(date)s) links it with this account."
            )
            % {
                "email": user.email,
                "date": timezone.localtime(grant.valid_until).strftime(
                    "%d.%m.%Y %H:%M"
                ),
            },
        )
    return redirect("konferenz:user-detail", pk=user.pk)


# --- state-wide set-up of police authorities ---


@access.require(SETUP)
def authority_list(request):
    return render(
        request,
        "konferenz/accounts/authority_list.html",
        {"authorities": selectors.authorities_with_admins()},
    )


@access.require(SETUP)
def authority_setup(request):
    form = AuthoritySetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        police_authority = services.police_authority_setup(
            authority_fields=form.authority_fields,
            admin_username=data["admin_username"],
            admin_first_name=data["admin_first_name"],
            admin_last_name=data["admin_last_name"],
            admin_email=data["admin_email"],
            actor=request.user,
            request=request,
        )
        messages.success(
            request,
            _(
                "%(authority)s was set up; its authority administration was "
                "invited by email."
            )
            % {"authority": police_authority.name},
        )
        return redirect("konferenz:police-authority-list")
    return render(request, "konferenz/accounts/authority_setup.html", {"form": form})


@access.require(SETUP)
def authority_admin_invite(request, pk):
    """Invite the first (or a further) Behördenadministration of an existing
    police authority, e.g. one of the 47 preloaded ones."""
    police_authority = selectors.authority_with_admins(pk=pk)
    form = AuthorityAdminInviteForm(
        request.POST or None,
        initial={"username": onboarding.suggested_username(police_authority)},
    )
    if request.method == "POST" and form.is_valid():
        user = services.authority_admin_invite(
            police_authority=police_authority,
            actor=request.user,
            request=request,
            **form.cleaned_data,
        )
        messages.success(
            request,
            _(
                "%(name)s was invited as authority administration of "
                "%(authority)s; the invitation was sent to %(email)s."
            )
            % {
                "name": user.get_full_name(),
                "authority": police_authority.name,
                "email": user.email,
            },
        )
        return redirect("konferenz:police-authority-list")
    return render(
        request,
        "konferenz/accounts/authority_admin_invite.html",
        {
            "police_authority": police_authority,
            "form": form,
            "admins": selectors.authority_admins(police_authority=police_authority),
            "events": selectors.onboarding_events(police_authority=police_authority),
        },
        status=400 if form.errors else 200,
    )


#: session key of the uploaded list of administrations, until sent or discarded
ADMIN_LIST_SESSION_KEY = "siko_admin_list"


@access.require(SETUP)
def authority_admins_upload(request):
    form = AdminListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = onboarding.read_upload(upload)
        except onboarding.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            request.session[ADMIN_LIST_SESSION_KEY] = {
                "filename": upload.name[:200],
                "rows": rows,
            }
            return redirect("konferenz:police-authority-admins-preview")
    return render(
        request,
        "konferenz/accounts/authority_admins_upload.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _uploaded_list(request):
    return request.session.get(ADMIN_LIST_SESSION_KEY)


@access.require(SETUP)
def authority_admins_preview(request):
    uploaded = _uploaded_list(request)
    if uploaded is None:
        return redirect("konferenz:police-authority-admins-upload")
    return render(
        request,
        "konferenz/accounts/authority_admins_preview.html",
        {
            "filename": uploaded["filename"],
            "plan": onboarding.build_plan(uploaded["rows"]),
        },
    )


@require_POST
@access.require(SETUP)
def authority_admins_send(request):
    uploaded = _uploaded_list(request)
    if uploaded is None:
        messages.error(request, _("There is no uploaded list; please upload it again."))
        return redirect("konferenz:police-authority-admins-upload")
    plan = services.authority_admins_invite(
        rows=uploaded["rows"], actor=request.user, request=request
    )
    request.session.pop(ADMIN_LIST_SESSION_KEY, None)
    messages.success(
        request,
        ngettext(
            "%(count)d invitation was sent; %(skipped)d rows with errors were skipped.",
            "%(count)d invitations were sent; %(skipped)d rows with errors were "
            "skipped.",
            len(plan.good_rows),
        )
        % {"count": len(plan.good_rows), "skipped": len(plan.error_rows)},
    )
    return redirect("konferenz:police-authority-list")


@require_POST
@access.require(SETUP)
def authority_admins_discard(request):
    request.session.pop(ADMIN_LIST_SESSION_KEY, None)
    messages.success(request, _("The upload was discarded; nothing was changed."))
    return redirect("konferenz:police-authority-admins-upload")


# --- second factor ---


def mfa_setup(request):
    """Set up TOTP: scan the QR code, confirm one code, keep the recovery codes."""
    user = request.user
    if mfa.has_second_factor(user):
        if not mfa.second_factor_done(request):
            return redirect("konferenz:mfa-verify")
        return render(request, "konferenz/accounts/mfa_setup.html", {"done": True})
    device = mfa.totp_device_pending(user=user)
    form = SetupForm(
        request.POST or None,
        user=user,
        fresh_login=mfa.fresh_login(request),
        request=request,
    )
    if request.method == "POST" and form.is_valid():
        try:
            enrolled = mfa.totp_enrol(
                user=user,
                token=form.cleaned_data["token"],
                police_authority=request.tenant or None,
            )
        except mfa.Throttled as throttled:
            form.add_error("token", _wait_message(throttled.seconds))
        else:
            if enrolled is None:
                form.add_error("token", _("The code is not correct. Please try again."))
            else:
                confirmed, codes = enrolled
                otp_login(request, confirmed)
                messages.success(request, _("The second factor is set up."))
                return render(
                    request, "konferenz/accounts/mfa_codes.html", {"codes": codes}
                )
    return render(
        request,
        "konferenz/accounts/mfa_setup.html",
        {"form": form, **mfa.totp_setup_display(device)},
    )


def _wait_message(seconds):
    """django-otp pauses the checking of codes after wrong ones."""
    if seconds is None:
        return _(
            "After wrong codes, the next code is checked only after a short "
            "pause. Please wait a moment and enter the current code again."
        )
    return ngettext(
        "After wrong codes, the next code is checked only after a short pause. "
        "Please wait %(seconds)d second and enter the current code again.",
        "After wrong codes, the next code is checked only after a short pause. "
        "Please wait %(seconds)d seconds and enter the current code again.",
        seconds,
    ) % {"seconds": seconds}


def _wrong_codes_of_this_login(request):
    """Count one wrong code of this login; how many it had. Like the user's
    count, in the database (konferenz/core/ratelimit.py), atomically: two
    codes sent at once are both counted. A new password login starts at 0."""
    if ATTEMPT_SESSION_KEY not in request.session:
        request.session[ATTEMPT_SESSION_KEY] = secrets.token_urlsafe(16)
    return ratelimit.record(
        scope="mfa-login",
        subject=request.session[ATTEMPT_SESSION_KEY],
        window=LOGIN_WINDOW,
    )


@login_not_required
def mfa_verify(request):
    """The second step of a login (or of a session that needs the factor)."""
    pending = request.session.get(PENDING_SESSION_KEY)
    user = _verifying_user(request, pending)
    if user is None:
        return redirect("login")
    form = TokenForm(request.POST or None)
    limit = {"scope": "mfa", "subject": str(user.pk), "window": FAILURE_WINDOW}
    if request.method == "POST" and ratelimit.failures(**limit) >= MAX_USER_FAILURES:
        # Guessing across many password logins: the user is locked for a while.
        form.add_error(None, _("Too many wrong codes. Please wait 15 minutes."))
    elif request.method == "POST" and form.is_valid():
        error = _("The code is not correct. Please try again.")
        try:
            device = mfa.verify_token(user=user, token=form.cleaned_data["token"])
        except mfa.Throttled as throttled:
            # django-otp did not check the code (too soon after a wrong one):
            # say so instead of "not correct"; it still counts as an attempt.
            device = None
            error = _wait_message(throttled.seconds)
        if device is not None:
            if not request.user.is_authenticated:
                auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            request.session.pop(PENDING_SESSION_KEY, None)
            return redirect(_next_url(request, pending))
        ratelimit.record(**limit)
        if _wrong_codes_of_this_login(request) >= MAX_TOKEN_ATTEMPTS:
            return _login_ended(request)
        form.add_error("token", error)
    return render(request, "konferenz/accounts/mfa_verify.html", {"form": form})


def _verifying_user(request, pending):
    """Whose code is asked: the logged-in user, or the one of the pending
    password login (if still active)."""
    if request.user.is_authenticated:
        return request.user
    if not pending:
        return None
    return get_user_model().objects.filter(pk=pending["user"], is_active=True).first()


def _next_url(request, pending):
    """Where the login goes on: its ``next`` if it is of this site."""
    next_url = (pending or {}).get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return settings.LOGIN_REDIRECT_URL


def _login_ended(request):
    """Too many wrong codes of one login: it ends, the person starts again."""
    request.session.pop(PENDING_SESSION_KEY, None)
    request.session.pop(ATTEMPT_SESSION_KEY, None)
    if request.user.is_authenticated:
        logout(request)
    messages.error(request, _("Too many wrong codes. Please log in again."))
    return redirect("login")


def login_pending_second_factor(request, *, user, next_url) -> bool:
    """After the password: a user with a second factor logs in only after it."""
    if not mfa.has_second_factor(user):
        return False
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
    }
    request.session.pop(ATTEMPT_SESSION_KEY, None)
    return True


# --- single sign-on ---


@login_not_required
def sso_refused(request):
    reason = request.session.pop(REFUSAL_SESSION_KEY, "")
    return render(
        request,
        "konferenz/accounts/sso_refused.html",
        {"reason": reason},
        status=403,
    )


class LoginView(auth_views.LoginView):
    """Local password login (if switched on) and the single sign-on button.

    A user with a second factor is logged in only after entering it
    (konferenz.accounts.views.mfa_verify).
    """

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not settings.SIKO_LOCAL_LOGIN:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if login_pending_second_factor(
            self.request, user=user, next_url=self.get_redirect_url()
        ):
            return redirect("konferenz:mfa-verify")
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            local_login=settings.SIKO_LOCAL_LOGIN,
            sso=sso_enabled(),
        )


def locked_out(request, response=None, credentials=None):
    """django-axes: the German page after too many failed logins (status 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "registration/locked_out.html", {"minutes": minutes}, status=429
    )


# --- the authority's own settings (Behördenadministration) ---


@access.require(MANAGE)
def authority_settings(request):
    """Addresses of the authority's data-protection notice and imprint, which
    the invitees' pages link to."""
    form = AuthorityLinksForm(request.POST or None, instance=require_tenant(request))
    return _authority_edit(
        request,
        form,
        services.police_authority_links_update,
        "konferenz/accounts/authority_settings.html",
        saved=_("The settings were saved."),
    )


def _authority_edit(request, form, update, template, *, saved, **context):
    """A settings page of the own police authority: ``update`` saves the
    form's fields unless someone saved in between (konferenz/core/locking.py);
    the page again with ``saved`` as message."""
    tenant = form.instance

    def save():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        update(police_authority=tenant, version=form.cleaned_data["version"], **fields)
        messages.success(request, saved)
        return redirect(request.path)

    return locking.edit(
        request,
        form,
        save=save,
        current=lambda: PoliceAuthority.objects.get(pk=tenant.pk),
        page=lambda conflict: render(
            request, template, {"form": form, "tenant": tenant, **context, **conflict}
        ),
        invalid=400,
    )


@access.require(MANAGE)
def authority_accessibility(request):
    """The authority's Erklärung zur Barrierefreiheit: conformity, known
    limitations and the contact for feedback."""
    form = AccessibilityStatementForm(
        request.POST or None, instance=require_tenant(request)
    )
    return _authority_edit(
        request,
        form,
        services.accessibility_statement_update,
        "konferenz/accounts/authority_accessibility.html",
        saved=_("The accessibility statement was saved."),
        standard_limitations=accessibility.standard_limitations(),
    )


# --- the public accessibility statements (no login) ---


@login_not_required
@require_safe
def accessibility_index(request):
    """Which police authority's statement applies; linked from the pages
    without an authority (login, ministry)."""
    return render(
        request,
        "konferenz/accounts/accessibility_index.html",
        {
            "authorities": accessibility.statement_list(),
            "enforcement_url": accessibility.ENFORCEMENT_URL,
        },
    )


@login_not_required
@require_safe
def accessibility_statement(request, code):
    """One police authority's Erklärung zur Barrierefreiheit (public)."""
    authority = accessibility.authority_by_code(code)
    if authority is None:
        raise Http404
    return render(
        request,
        "konferenz/accounts/accessibility_statement.html",
        {"statement": accessibility.statement_of(authority)},
    )
