"""Authentication backend: loads the user with membership and police authority
in one query, so that every request knows its tenant without another query
(with a shared cache: in none, see konferenz.core.usercache)."""

from django.contrib.auth.backends import ModelBackend

from konferenz.core import usercache


class SikoBackend(ModelBackend):
    def get_user(self, user_id):
        user = usercache.load(user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None

    def _get_permissions(self, user_obj, obj, from_name):
        """Django's model permissions only matter in the admin (``is_staff``).

        The app's rights come from the roles (``rules``); for everybody else
        the two permission queries on every page would be spent for nothing.
        """
        if user_obj.is_active and not user_obj.is_staff and not user_obj.is_superuser:
            return set()
        return super()._get_permissions(user_obj, obj, from_name)
