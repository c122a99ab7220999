"""Reset the second factor of one account from the server's shell.

The last resort when nobody in the app can do it: the ministry and the state
administration (superuser) have no authority administration above them. Like
the button of the authority administration (konferenz.accounts.services.mfa_reset)
it removes the authenticator and the recovery codes, ends every session of the
account and writes the history.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from konferenz.accounts import services


class Command(BaseCommand):
    help = (
        "Reset the second factor of one account (authenticator and recovery "
        "codes) and end every session of it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account with the user name {username!r}.")
        services.mfa_reset(user=user, actor=None)
        self.stdout.write(
            f"Second factor of {username} reset; every session ended. "
            "It is set up anew at the next login."
        )
