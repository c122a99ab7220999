"""Settings for the test suite: the production settings with a test secret."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 50)

from konferenz.settings import *  # noqa: E402, F403

# Mails are kept in django.core.mail.outbox; tasks run at once.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
SECURE_SSL_REDIRECT = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Most tests log in with force_login; the tests of the second factor switch
# the requirement on for themselves (tests/konferenz/accounts/).
SIKO_MFA_REQUIRED = False

# A fast hasher for the suite (Argon2 costs seconds over all tests); the tests
# of the Argon2 configuration put the production hashers back for themselves
# (tests/konferenz/core/test_foundation.py, tests/konferenz/core/test_security.py).
PRODUCTION_PASSWORD_HASHERS = PASSWORD_HASHERS  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# One process, so the local-memory cache is "shared": the suite runs the
# production set-up with Redis (cached user and pages; see
# konferenz/core/usercache.py). tests/conftest.py empties the cache for each
# test; tests/konferenz/core/test_redis_faults.py runs against real Redis.
SIKO_SHARED_CACHE = True
