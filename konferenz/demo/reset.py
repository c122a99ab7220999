"""Removing what the demo made: its users, the demo authorities' conferences
(with everything that hangs on them), address books, goals and own topics, the
statistics conferences of the other authorities, and the history rows
(``django-simple-history``) and status changes of all of them."""

from django.contrib.auth import get_user_model

from konferenz.accounts.models import AccountEvent
from konferenz.core.models import Conference, PoliceAuthority
from konferenz.demo import AUTHORITIES, usernames
from konferenz.demo.statistics import STATISTICS_NOTE
from tagesordnung.agenda.models import StrategyGoal, Topic
from tagesordnung.minutes.models import ActionItem, Decision, Minutes, MinutesEntry
from teilnehmer.addressbook.models import AddressBookImport, Authority, Contact
from teilnehmer.invitations.models import Invitation


def _history(model, ids):
    model.history.model.objects.filter(id__in=ids).delete()


def reset(*, keep_users=False, keep_statistics=False):
    """Delete the demo's rows; ``keep_*`` for the daily rebuild, which only
    renews the demo authorities' data. Returns the number of conferences removed."""
    pas = list(PoliceAuthority.objects.filter(press_code__in=AUTHORITIES))
    conferences = Conference.objects.filter(police_authority__in=pas)
    if not keep_statistics:
        conferences = conferences | Conference.objects.filter(notes=STATISTICS_NOTE)
    conference_ids = list(conferences.values_list("pk", flat=True))
    tracked = {
        Conference: conference_ids,
        Invitation: Invitation.objects.filter(conference__in=conference_ids),
        Minutes: Minutes.objects.filter(conference__in=conference_ids),
        MinutesEntry: MinutesEntry.objects.filter(
            minutes__conference__in=conference_ids
        ),
        Decision: Decision.objects.filter(
            entry__minutes__conference__in=conference_ids
        ),
        ActionItem: ActionItem.objects.filter(conference__in=conference_ids),
        Authority: Authority.objects.filter(police_authority__in=pas),
        Contact: Contact.objects.filter(authority__police_authority__in=pas),
    }
    tracked = {
        model: list(
            rows if isinstance(rows, list) else rows.values_list("pk", flat=True)
        )
        for model, rows in tracked.items()
    }
    # Conferences first: invitations protect the contacts, agenda items the
    # topics, actions the partner authorities.
    Conference.objects.filter(pk__in=conference_ids).delete()
    Contact.objects.filter(pk__in=tracked[Contact]).delete()
    Authority.objects.filter(pk__in=tracked[Authority]).delete()
    AddressBookImport.objects.filter(police_authority__in=pas).delete()
    StrategyGoal.objects.filter(police_authority__in=pas).delete()
    Topic.objects.filter(police_authority__in=pas).delete()
    for model, ids in tracked.items():
        _history(model, ids)
    if not keep_users:
        users = get_user_model().objects.filter(username__in=usernames())
        AccountEvent.objects.filter(user__in=users).delete()
        users.delete()
    return len(conference_ids)
