import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from konferenz import demo as konferenz_demo
from konferenz.core import database
from konferenz.demo import press as press_demo
from konferenz.demo import statistics as statistics_demo
from konferenz.demo.reset import reset as reset_demo
from tagesordnung.demo import agenda as agenda_demo
from tagesordnung.demo import minutes as minutes_demo
from teilnehmer.demo import addressbook as addressbook_demo
from teilnehmer.demo import invitations as invitation_demo
from teilnehmer.invitations import tokens
from teilnehmer.invitations.models import Invitation

# Each app adds its part of the demo; each ``load`` gets the shared
# ``konferenz.demo.Demo`` (day, police authorities, conferences by stable key)
# and must be idempotent.
DEMO_LOADERS = [
    addressbook_demo.load,
    invitation_demo.load,
    agenda_demo.load,
    minutes_demo.load,
    # Earlier years and the other 44 authorities, for the statistics.
    statistics_demo.load,
    # Last: the releases are drafted from the public agenda and decisions.
    press_demo.load,
]


def build(today):
    """The demo around ``today`` (a date in Europe/Berlin)."""
    demo = konferenz_demo.load(today)
    for load in DEMO_LOADERS:
        load(demo)
    return demo


def is_current(today):
    """Whether the demo authorities' data were built for ``today``: the demo
    link of Düren belongs to the conference next month, sent three weeks ago.
    Without demo data there is nothing to renew either."""
    invitation = (
        Invitation.objects.filter(
            token_hash=tokens.token_hash(invitation_demo.DEMO_TOKENS["dn-next"])
        )
        .select_related("conference")
        .first()
    )
    if invitation is None:
        return not konferenz_demo.Conference.objects.filter(
            police_authority__press_code__in=konferenz_demo.AUTHORITIES
        ).exists()
    sent_day = today - datetime.timedelta(days=invitation_demo.SENT_DAYS_AGO)
    return (
        invitation.conference.date == konferenz_demo.relative_dates(today)["dn-next"]
        and invitation.sent_at is not None
        and timezone.localdate(invitation.sent_at) == sent_day
    )


class Command(BaseCommand):
    help = (
        "Loads the demo data (Düren, Gelsenkirchen, Lippe) around today's date. "
        "Safe to run twice; on another day it renews the demo authorities' data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off (never on a production database).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Remove everything the demo made (history included); load nothing.",
        )

    def handle(self, *args, force=False, reset=False, **options):
        target = database.describe()
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG ist aus: Demodaten werden nur mit --force geladen "
                f"(niemals in eine Produktionsdatenbank). Ziel wäre: {target}."
            )
        # Say what is touched before touching it.
        self.stdout.write(
            f"Demodaten {'entfernen aus' if reset else 'laden in'}: {target}"
        )
        today = timezone.localdate()
        with transaction.atomic():
            if reset:
                count = reset_demo(keep_users=False, keep_statistics=False)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Demodaten entfernt ({count} Konferenzen mit Verlauf)."
                    )
                )
                return
            if not is_current(today):
                # Built on another day: the dates around today move, so the
                # demo authorities' data are made anew (users stay).
                reset_demo(keep_users=True, keep_statistics=True)
            build(today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodaten geladen. Anmeldung z. B. als „dn-organisation“ mit dem "
                f"Passwort „{konferenz_demo.DEMO_PASSWORD}“."
            )
        )
