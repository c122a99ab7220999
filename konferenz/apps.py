from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KonferenzConfig(AppConfig):
    name = "konferenz"
    verbose_name = _("Conferences")

    def ready(self):
        # Imported here, not at the top: these modules use the models, which
        # Django loads only after the app configs (the usual ready() rule).
        from django.apps import apps
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete
        from django_otp.models import Device

        from konferenz import checks  # noqa: F401 - registers the system checks
        from konferenz.accounts import mail as account_mail
        from konferenz.accounts import mfa
        from konferenz.core import changestamp, outbox, stamps, workflow
        from konferenz.core.admin_names import germanise_admin_names
        from konferenz.core.models import Conference
        from konferenz.press import mail as press_mail
        from konferenz.press import signoff
        from konferenz.press.services import publication_refusal
        from tagesordnung.agenda.models import StrategyGoal, Topic
        from tagesordnung.minutes.models import Minutes

        germanise_admin_names()
        # The session notes when it logged in: set-up of a second factor
        # without a password needs a fresh login (konferenz/accounts/forms.py).
        user_logged_in.connect(mfa.remember_login, dispatch_uid="siko_login_at")
        # The press release is a feature above the core: it tells the
        # conference workflow its condition instead of being imported by it.
        workflow.require(Conference.Status.PUBLISHED, publication_refusal)
        # Every mail goes through the outbox (konferenz/core/outbox.py); each
        # feature registers how its mails are rendered at send time.
        outbox.register(
            account_mail.OUTBOX_PASSWORD_RESET,
            render=account_mail.render_password_reset,
        )
        outbox.register(
            account_mail.OUTBOX_USER_INVITATION,
            render=account_mail.render_user_invitation,
        )
        outbox.register(
            signoff.OUTBOX_QUOTE_REQUEST, render=press_mail.render_quote_request
        )
        # The change stamps live in the database: its triggers renew them on
        # every change of a watched row (konferenz/core/stamps.py). The
        # models of the features register themselves (@stamps.watch); these
        # are the ones of other packages, and the many-to-many tables.
        stamps.watch(
            settings.AUTH_USER_MODEL,
            everywhere=True,
            account=True,
            ignore=["last_login"],
        )
        for model in apps.get_models():
            if issubclass(model, Device):
                # The cached user carries whose device it is and whether it
                # is confirmed; each use of a device saves its counters.
                stamps.watch(
                    model,
                    everywhere=True,
                    account=True,
                    only=["user", "name", "confirmed"],
                )
                # Deleting a confirmed device ends its user's sessions.
                post_delete.connect(
                    mfa.device_deleted,
                    sender=model,
                    dispatch_uid=f"siko_device_deleted_{model._meta.label}",
                )
        stamps.watch(Minutes.distribution.through, conference="minutes__conference")
        stamps.watch(Topic.deactivated_by.through, everywhere=True)
        stamps.watch(StrategyGoal.topics.through, everywhere=True)
        stamps.connect(self)
        changestamp.connect()
