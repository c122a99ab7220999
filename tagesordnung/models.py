"""The model registry of this app.

Django loads an app's models from ``<app>.models``; SiKo's models live in
their feature packages, and this module only imports those so that Django
registers them. Import a model from its feature package, never from here
(an import-linter contract forbids it; docs/architecture.md).
"""

from tagesordnung.agenda import models as agenda  # noqa: F401
from tagesordnung.minutes import models as minutes  # noqa: F401
