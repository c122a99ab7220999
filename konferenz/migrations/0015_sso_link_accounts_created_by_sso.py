"""Accounts that single sign-on created before the binding to issuer + subject
existed have no SsoIdentity: their next police-account login (same e-mail
address, same police authority) binds them once, as if their authority
administration had allowed it (README, "Bindung an das Polizei-Konto")."""

import datetime

from django.db import migrations
from django.utils import timezone

#: how long these accounts may bind themselves at their next login
VALID = datetime.timedelta(days=90)


def allow_link_of_sso_accounts(apps, schema_editor):
    AccountEvent = apps.get_model("konferenz", "AccountEvent")
    SsoIdentity = apps.get_model("konferenz", "SsoIdentity")
    SsoLinkGrant = apps.get_model("konferenz", "SsoLinkGrant")
    user_ids = (
        AccountEvent.objects.filter(action="sso_created", user__isnull=False)
        .exclude(user__in=SsoIdentity.objects.values("user"))
        .exclude(user__in=SsoLinkGrant.objects.values("user"))
        .filter(user__password__startswith="!", user__is_superuser=False)
        .values_list("user", flat=True)
        .distinct()
    )
    valid_until = timezone.now() + VALID
    SsoLinkGrant.objects.bulk_create(
        SsoLinkGrant(user_id=user_id, granted_by=None, valid_until=valid_until)
        for user_id in user_ids
    )


class Migration(migrations.Migration):
    dependencies = [("konferenz", "0014_sso_identity_binding")]

    operations = [
        migrations.RunPython(allow_link_of_sso_accounts, migrations.RunPython.noop)
    ]
