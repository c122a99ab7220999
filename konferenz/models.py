"""The model registry of this app.

Django loads an app's models from ``<app>.models``; SiKo's models live in
their feature packages, and this module only imports those so that Django
registers them. Import a model from its feature package, never from here
(an import-linter contract forbids it; docs/architecture.md).
"""

from konferenz.accounts import models as accounts  # noqa: F401
from konferenz.core import models as core  # noqa: F401
from konferenz.press import models as press  # noqa: F401
