from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from teilnehmer.addressbook import contactcheck


class Command(BaseCommand):
    help = (
        "Sends the yearly contact check to every contact person of the police "
        "authorities whose check month it is (at most once in eleven months per "
        "person). Run it daily, e.g. by cron."
    )

    def handle(self, *args, **options):
        count = contactcheck.yearly_reminders()
        self.stdout.write(
            self.style.SUCCESS(
                gettext("%(count)s contact person(s) asked to check their data.")
                % {"count": count}
            )
        )
