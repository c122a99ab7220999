"""Authentication backend: loads the user with membership and police authority
in one query, so that every request knows its tenant without another query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class SikoBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related(
                "membership__police_authority"
            ).get(pk=user_id)
        except User.DoesNotExist:
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
