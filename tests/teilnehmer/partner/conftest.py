"""The partner pages share the invitation tests' fixtures (a conference
with sent invitations, a fresh rate limit)."""

from tests.teilnehmer.invitations.conftest import *  # noqa: F403
