"""Sessions from the database, read together with the change stamp ``accounts``.

A session lives in the database only (issue 27): a logout or a deactivation
ends it for good, whatever a Redis restored from an older snapshot holds,
and a Redis that is gone logs nobody out. Every logged-in request needs the
stamp ``accounts`` as well (the key of the cached user, konferenz/core/usercache.py),
so one query reads both: the floor of a page costs one query by primary key.
"""

import logging

from django.apps import apps
from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation
from django.db.models import Subquery
from django.utils import timezone

from konferenz.core import changestamp, stamps


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        token = (
            apps.get_model("konferenz.ChangeStamp")
            .objects.filter(key=stamps.ACCOUNTS)
            .values("token")[:1]
        )
        try:
            session = self.model.objects.annotate(siko_stamp=Subquery(token)).get(
                session_key=self.session_key, expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            # As Django's own store does.
            if isinstance(error, SuspiciousOperation):
                name = f"django.security.{error.__class__.__name__}"
                logging.getLogger(name).warning(str(error))
            self._session_key = None
            return None
        changestamp.remember(stamps.ACCOUNTS, session.siko_stamp)
        return session
