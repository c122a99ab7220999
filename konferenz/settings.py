"""Settings for SiKo.

Everything that differs between machines comes from the environment (see the
README's production section). The defaults are safe for production: DEBUG is
off and a SECRET_KEY is then required. ``make run`` sets DEBUG=1 for the demo.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SIKO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        # Only for local development and the demo; never used when DEBUG is off.
        SECRET_KEY = "django-insecure-siko-development-only-key-not-for-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY ist nicht gesetzt. Setzen Sie die Umgebungsvariable "
            "SECRET_KEY (mindestens 50 zufällige Zeichen) oder für die lokale "
            "Entwicklung DEBUG=1."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public address of the app, used in links inside emails and calendar feeds.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The domain part of every calendar UID. Fixed, never the host name: a new
# address of the app must not add every conference to calendars a second time.
SIKO_CALENDAR_DOMAIN = os.environ.get("SIKO_CALENDAR_DOMAIN", "siko.polizei.nrw.de")

INSTALLED_APPS = [
    # Our apps first: their German catalogues and templates take precedence
    # over those of Django's contrib apps (e.g. "Save" is "Speichern", not the
    # admin's "Sichern").
    "konferenz",
    "teilnehmer",
    "tagesordnung",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "konferenz.core.middleware.AllowedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "konferenz.accounts.mfa.OTPMiddleware",
    "konferenz.core.middleware.NoStoreMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "konferenz.core.tenancy.TenantMiddleware",
    "konferenz.accounts.mfa.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After a single sign-on: the logout may go on to the provider (CSP).
    "konferenz.accounts.sso.ProviderLogoutCSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "konferenz.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "konferenz.core.context_processors.tenant",
                "konferenz.core.navigation.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "konferenz.wsgi.application"

# Database: SQLite inside var/ unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'siko.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and a writer work side by side; IMMEDIATE transactions
    # avoid "database is locked" when two requests write at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory, Redis when several app servers share the load. Redis
# only accelerates: its errors are ignored after SIKO_REDIS_TIMEOUT seconds,
# and after a failure it is skipped for SIKO_REDIS_PAUSE seconds
# (konferenz/core/rediscache.py); the truth stays in the database.
SIKO_REDIS_TIMEOUT = float(os.environ.get("SIKO_REDIS_TIMEOUT", "0.25"))
SIKO_REDIS_PAUSE = float(os.environ.get("SIKO_REDIS_PAUSE", "5"))
if os.environ.get("REDIS_URL"):
    from konferenz.core.rediscache import caches as redis_caches

    CACHES = redis_caches(os.environ["REDIS_URL"], timeout=SIKO_REDIS_TIMEOUT)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Authentication
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out users before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "konferenz.accounts.backends.SikoBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "konferenz:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Local password login; an installation with an identity provider may switch
# it off (SIKO_LOCAL_LOGIN=0), leaving only single sign-on.
SIKO_LOCAL_LOGIN = env_bool("SIKO_LOCAL_LOGIN", True)
# A second factor is required for users who may read VS-NfD and for every
# administrator; everybody else may set one up.
SIKO_MFA_REQUIRED = env_bool("SIKO_MFA_REQUIRED", True)
# Password-reset and invitation links stay valid this long (seconds).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(3 * 86400)))
OTP_TOTP_ISSUER = "SiKo"

# Single sign-on with OpenID Connect (mozilla-django-oidc). On when
# SIKO_OIDC_ISSUER names the provider; its endpoints come from discovery
# (<issuer>/.well-known/openid-configuration). See README, "Anmeldung".
SIKO_OIDC_ISSUER = os.environ.get("SIKO_OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("SIKO_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("SIKO_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("SIKO_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("SIKO_OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = 10
OIDC_CALLBACK_CLASS = "konferenz.accounts.sso.CallbackView"
OIDC_AUTHENTICATE_CLASS = "konferenz.accounts.sso.AuthenticateView"
OIDC_OP_LOGOUT_URL_METHOD = "konferenz.accounts.sso.provider_logout_url"
# Claim names and the mapping of the provider's groups to SiKo roles;
# "{code}" stands for the police authority's press code (e.g. DN).
SIKO_OIDC_AUTHORITY_CLAIM = os.environ.get(
    "SIKO_OIDC_AUTHORITY_CLAIM", "siko_authority"
)
SIKO_OIDC_GROUPS_CLAIM = os.environ.get("SIKO_OIDC_GROUPS_CLAIM", "groups")
SIKO_OIDC_ROLE_GROUPS = dict(
    item.split("=", 1)
    for item in env_list(
        "SIKO_OIDC_ROLE_GROUPS",
        "SiKo-{code}-Organisation=organiser,SiKo-{code}-Protokoll=minute_taker,"
        "SiKo-{code}-Leitung=head,SiKo-{code}-Presse=press_office,"
        "SiKo-{code}-Lesen=read_only,SiKo-{code}-VS-NfD=vs_nfd,"
        "SiKo-{code}-Administration=authority_admin,SiKo-Ministerium=ministry",
    )
    if "=" in item
)
# The provider's own second factor counts when its ID token says so.
SIKO_OIDC_MFA_AMR = env_list("SIKO_OIDC_MFA_AMR", "mfa,otp,hwk,swk")
SIKO_OIDC_MFA_ACR = env_list("SIKO_OIDC_MFA_ACR")
# Always listed: it answers only while SIKO_OIDC_ISSUER is set.
AUTHENTICATION_BACKENDS.append("konferenz.accounts.sso.SikoOIDCBackend")

# Login lockout (django-axes): after 5 failed attempts for the same user name
# from the same address, 15 minutes' cool-off. Every failure is logged.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "konferenz.accounts.views.locked_out"
AXES_VERBOSE = False
# The lockout keys on the real client address (see konferenz/core/client.py).
AXES_CLIENT_IP_CALLABLE = "konferenz.core.client.client_address"

# The reverse proxies in front of SiKo: addresses or networks whose
# X-Forwarded-For is believed, and how many stand in a row (nginx alone: 1).
# Requests from any other address are taken at their own address.
SIKO_TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
SIKO_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1"))

# Whether the cache is shared by every app server and worker (Redis). Only a
# shared cache holds rendered pages and documents (konferenz/core/changestamp.py)
# and the logged-in user for every process; their keys hold the change stamps
# from the database, so every process sees a change at once.
SIKO_SHARED_CACHE = bool(os.environ.get("REDIS_URL")) or env_bool("SIKO_SHARED_CACHE")
# Logged-in users each process keeps itself as well, under the same stamp
# (konferenz/core/usercache.py): the least recently used go first.
SIKO_USER_CACHE_SIZE = int(os.environ.get("SIKO_USER_CACHE_SIZE", "500"))

# Sessions live in the database and are read from it, with the change stamp
# "accounts" in the same query (konferenz/core/sessions.py): a logout or a
# deactivation ends a session for good, whatever a cache restored from an
# older snapshot holds, and Redis being gone logs nobody out.
SESSION_ENGINE = "konferenz.core.sessions"

# Staff sessions last one working day at most and end with the browser.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "konferenz.core.errors.csrf_failure"

# Internationalisation: German UI, English source strings.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German"))]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Static files: whitenoise serves them, also under gunicorn.
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
# Stored files (attachments, archive copies) are rows in the database, so
# that app servers share nothing else (konferenz/core/dbstorage.py).
# MEDIA_ROOT is only where SiKo before issue 29 kept them: the migration
# tagesordnung 0009 copies them from there into the database.
STORAGES = {
    "default": {"BACKEND": "konferenz.core.dbstorage.DatabaseStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "konferenz.core.staticfiles.StaticFilesStorage"
        ),
    },
}
MEDIA_ROOT = str(Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media")))

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SiKo <siko@polizei.nrw.de>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (mass mail) through Django's Tasks framework: immediate in
# development and tests, the database backend with its worker in production.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}
# The outbox (konferenz/core/outbox.py): every mail is a row, sent by the
# worker. A row claimed longer than SIKO_OUTBOX_CLAIM_TIMEOUT seconds (its
# worker died) is sent again: keep it well above the time one mail can take
# (EMAIL_TIMEOUT per step of the SMTP dialogue). After a temporary failure a
# mail is tried again with growing pauses, SIKO_OUTBOX_MAX_ATTEMPTS times in
# all. A task "running" longer than SIKO_TASK_TIMEOUT seconds has lost its
# worker and is marked failed; the worker sweeps every
# SIKO_WORKER_SWEEP_INTERVAL seconds (konferenz/core/worker.py).
SIKO_OUTBOX_CLAIM_TIMEOUT = float(os.environ.get("SIKO_OUTBOX_CLAIM_TIMEOUT", "300"))
SIKO_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("SIKO_OUTBOX_MAX_ATTEMPTS", "10"))
SIKO_TASK_TIMEOUT = float(os.environ.get("SIKO_TASK_TIMEOUT", "900"))
SIKO_WORKER_SWEEP_INTERVAL = float(os.environ.get("SIKO_WORKER_SWEEP_INTERVAL", "30"))
# The worker renders the agenda and minutes documents of a changed conference
# right after the change (konferenz/core/prerender.py): it looks every
# SIKO_PRERENDER_INTERVAL seconds (0: never), at most SIKO_PRERENDER_MAX
# conferences per look.
SIKO_PRERENDER_INTERVAL = float(os.environ.get("SIKO_PRERENDER_INTERVAL", "3"))
SIKO_PRERENDER_MAX = int(os.environ.get("SIKO_PRERENDER_MAX", "20"))

# Security headers. HTTPS is terminated by the reverse proxy in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(
        os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Only the benchmark on loopback (plain http) turns these off.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    if SESSION_COOKIE_SECURE:
        # The browser accepts these only over HTTPS, for this host, path /.
        SESSION_COOKIE_NAME = "__Host-sessionid"
        CSRF_COOKIE_NAME = "__Host-csrftoken"

# Permissions-Policy: SiKo needs no camera, microphone, location, payment, …
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}
# Security keys (WebAuthn) for the second factor, on SiKo's own pages only.
PERMISSIONS_POLICY["publickey-credentials-create"] = ["self"]
PERMISSIONS_POLICY["publickey-credentials-get"] = ["self"]

# Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Secrets in URL paths (partner links, calendar feeds, password resets) are
# masked before any handler sees a record (konferenz/core/logmask.py).
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"secrets": {"()": "konferenz.core.logmask.SecretsFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # As Django's own (django.utils.log.DEFAULT_LOGGING), with the filter.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secrets"],
        },
        "django.server": {
            "level": "INFO",
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's default configuration sets "django" to INFO, and a record
        # is weighed by its own logger's level only: without this, "Not
        # Found" (django.request, WARNING) would pass whatever LOG_LEVEL says.
        "django": {"level": LOG_LEVEL},
        "siko": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"filters": ["secrets"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["secrets"],
        },
    },
}

# How long after a conference, or after the last mail carrying it, a partner
# link stays open (teilnehmer/invitations/tokens.py).
SIKO_FOLLOW_UP_DAYS = int(os.environ.get("SIKO_FOLLOW_UP_DAYS", "180"))
# /health/ reports "degraded" when a mail waits this long past its due time.
SIKO_HEALTH_MAIL_MINUTES = int(os.environ.get("SIKO_HEALTH_MAIL_MINUTES", "15"))
# The key partner links are derived with; empty: derived from SECRET_KEY.
SIKO_LINK_KEY = os.environ.get("SIKO_LINK_KEY", "")

# Largest attachment of an agenda item, in megabytes.
SIKO_ATTACHMENT_MAX_MB = int(os.environ.get("SIKO_ATTACHMENT_MAX_MB", "20"))

# Partner links and calendar feeds: failed guesses (unknown, revoked or
# expired secrets) per client address and time window (seconds); the same
# number of submissions per invitation.
SIKO_PARTNER_RATE_LIMIT = (
    int(os.environ.get("SIKO_PARTNER_RATE_LIMIT", "30")),
    int(os.environ.get("SIKO_PARTNER_RATE_WINDOW", "300")),
)

# How often a day a partner may name a new deputy (each gets the invitation mail).
SIKO_DEPUTY_DAILY_LIMIT = int(os.environ.get("SIKO_DEPUTY_DAILY_LIMIT", "3"))

# Quotes in a press release (konferenz/press/signoff.py): how often a day one
# quote may be sent for approval, and after how many days without an answer
# the press page says "no answer".
SIKO_QUOTE_REQUEST_DAILY_LIMIT = int(
    os.environ.get("SIKO_QUOTE_REQUEST_DAILY_LIMIT", "3")
)
SIKO_QUOTE_NO_ANSWER_DAYS = int(os.environ.get("SIKO_QUOTE_NO_ANSWER_DAYS", "3"))

# The yearly contact check (teilnehmer/addressbook/contactcheck.py): how often
# a day the organiser may ask the contacts of one partner authority.
SIKO_CONTACT_CHECK_DAILY_LIMIT = int(
    os.environ.get("SIKO_CONTACT_CHECK_DAILY_LIMIT", "2")
)

# Contact persons inactive for longer than this are anonymised by `manage.py purge`.
SIKO_CONTACT_RETENTION_DAYS = int(os.environ.get("SIKO_CONTACT_RETENTION_DAYS", "730"))
