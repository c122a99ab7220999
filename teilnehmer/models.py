"""The model registry of this app.

Django loads an app's models from ``<app>.models``; SiKo's models live in
their feature packages, and this module only imports those so that Django
registers them. Import a model from its feature package, never from here
(an import-linter contract forbids it; docs/architecture.md).
"""

from teilnehmer.addressbook import models as addressbook  # noqa: F401
from teilnehmer.invitations import models as invitations  # noqa: F401
