from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from tagesordnung.minutes.services import actions_remind_overdue


class Command(BaseCommand):
    help = "Mails the responsible contact of every overdue open action (daily, cron)."

    def handle(self, *args, **options):
        sent = actions_remind_overdue()
        self.stdout.write(gettext("%(count)s reminders sent.") % {"count": sent})
