from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    UsernameField,
)
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from konferenz.accounts import mail
from konferenz.core import file_references
from konferenz.core.models import PoliceAuthority
from konferenz.core.singleline import SingleLineMixin

ROLE_CHOICES = [
    ("organiser", _("Organiser")),
    ("minute_taker", _("Minute-taker")),
    ("head", _("Head of authority")),
    ("press_office", _("Press office")),
    ("vs_nfd", _("May read VS-NfD")),
    ("authority_admin", _("Authority administration")),
]


class RolesForm(SingleLineMixin, forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Without a role the user may only read."),
    )


#: the length of the user's email column
EMAIL_MAX_LENGTH = 254


def _unique_username(value):
    if get_user_model().objects.filter(username__iexact=value).exists():
        raise forms.ValidationError(_("This user name is already taken."))
    return value


def _unique_email(value):
    if get_user_model().objects.filter(email__iexact=value).exists():
        raise forms.ValidationError(_("A user with this email address already exists."))
    return value


class InviteForm(RolesForm):
    username = UsernameField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=EMAIL_MAX_LENGTH)

    field_order = ["username", "first_name", "last_name", "email", "roles"]

    def clean_username(self):
        return _unique_username(self.cleaned_data["username"])

    def clean_email(self):
        return _unique_email(self.cleaned_data["email"])


class AuthoritySetupForm(SingleLineMixin, forms.ModelForm):
    admin_username = UsernameField(label=_("User name"), max_length=150)
    admin_first_name = forms.CharField(label=_("First name"), max_length=150)
    admin_last_name = forms.CharField(label=_("Last name"), max_length=150)
    admin_email = forms.EmailField(label=_("Email"), max_length=EMAIL_MAX_LENGTH)

    class Meta:
        model = PoliceAuthority
        fields = [
            "name",
            "short_name",
            "kind",
            "press_code",
            "seat",
            "area",
            "address",
            "head_title",
            "head_name",
            "press_contact",
            "file_reference_pattern",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "press_contact": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_press_code(self):
        code = self.cleaned_data["press_code"].strip().upper()
        existing = PoliceAuthority.objects.filter(press_code__iexact=code).first()
        if existing is not None:
            raise forms.ValidationError(
                [
                    _("This press code is already in use."),
                    _(
                        "%(authority)s is already in SiKo: invite its authority "
                        "administration from the list of police authorities."
                    )
                    % {"authority": existing.name},
                ]
            )
        return code

    def clean_file_reference_pattern(self):
        return clean_file_reference_pattern(self.cleaned_data["file_reference_pattern"])

    def clean_admin_username(self):
        return _unique_username(self.cleaned_data["admin_username"])

    def clean_admin_email(self):
        return _unique_email(self.cleaned_data["admin_email"])

    @property
    def authority_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AuthorityAdminInviteForm(SingleLineMixin, forms.Form):
    """A Behördenadministration of an existing police authority, invited by
    the state administration."""

    username = UsernameField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=EMAIL_MAX_LENGTH)

    def clean_username(self):
        return _unique_username(self.cleaned_data["username"])

    def clean_email(self):
        return _unique_email(self.cleaned_data["email"])


class AdminListUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Excel (.xlsx) or CSV (UTF-8 or Windows-1252, “;” or “,”) with the "
            "columns Authority code, Name and Email."
        ),
    )


class UserFilterForm(forms.Form):
    """The user list's filter by VS-NfD clearance."""

    vs_nfd = forms.TypedChoiceField(
        label=_("VS-NfD"),
        choices=[
            ("", _("All users")),
            ("1", _("May read VS-NfD")),
            ("0", _("May not read VS-NfD")),
        ],
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
    )

    def clearance(self) -> bool | None:
        return self.cleaned_data["vs_nfd"] if self.is_valid() else None


class TokenForm(SingleLineMixin, forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six-digit code of your authenticator app or a recovery code."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )


class SetupForm(TokenForm):
    """Set-up of a new authenticator: asks for the password again, so that a
    session left open (or sent to set-up after a reset) cannot enrol a device
    of somebody else. An account without a password (single sign-on) must
    have logged in only minutes ago instead. The password is checked like a
    login (``authenticate``): wrong ones count towards django-axes' lockout,
    and a locked account is refused here too."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    field_order = ["password", "token"]

    def __init__(self, *args, user, fresh_login: bool, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        self.fresh_login = fresh_login
        # the code field keeps its autofocus only without a password field
        self.fields["token"].widget.attrs.pop("autofocus", None)
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=password
        )
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(_("The password is not correct."))
        return password

    def clean(self):
        cleaned = super().clean()
        if "password" not in self.fields and not self.fresh_login:
            raise forms.ValidationError(
                _(
                    "For your safety, please log in again before you set up "
                    "a second factor."
                )
            )
        return cleaned


class SikoPasswordResetForm(SingleLineMixin, PasswordResetForm):
    """Django's reset form; the mail goes out through the outbox and the task
    worker, so that a known and an unknown address take the same time to
    answer."""

    def get_users(self, email):
        """Active users with a password, and invitees who have not set one yet
        (their invitation link may have expired). Single-sign-on users, who
        never had a password, get no link."""
        users = get_user_model()._default_manager.filter(
            email__iexact=email, is_active=True
        )
        return (u for u in users if u.has_usable_password() or u.last_login is None)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        mail.queue_password_reset(user_id=context["user"].pk, to_email=to_email)


class LoginForm(AuthenticationForm):
    # Django sets max_length on the field only after it is built, so it is not
    # validated; an overlong name would reach the lockout log's 255 characters.
    username = UsernameField(
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


def clean_file_reference_pattern(pattern):
    """A pattern with only the placeholders SiKo fills (core.file_references)."""
    unknown = file_references.unknown_placeholders(pattern)
    if unknown:
        raise forms.ValidationError(
            _("Unknown placeholder %(placeholders)s. Allowed: %(allowed)s.")
            % {
                "placeholders": ", ".join(unknown),
                "allowed": ", ".join(f"{{{p}}}" for p in file_references.PLACEHOLDERS),
            }
        )
    return pattern.strip()


class AuthorityLinksForm(SingleLineMixin, forms.ModelForm):
    """The authority's own legal pages, linked at the foot of the invitees'
    pages (only web addresses, http/https, or nothing), and the pattern of
    its Geschäftszeichen."""

    URL_FIELDS = ("privacy_url", "imprint_url")

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PoliceAuthority
        fields = ["privacy_url", "imprint_url", "file_reference_pattern"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name in self.URL_FIELDS:
            self.fields[name].validators.append(URLValidator(schemes=["http", "https"]))
            self.fields[name].widget.attrs["placeholder"] = "https://"

    def clean_file_reference_pattern(self):
        return clean_file_reference_pattern(self.cleaned_data["file_reference_pattern"])


class AccessibilityStatementForm(SingleLineMixin, forms.ModelForm):
    """What the authority says in its Erklärung zur Barrierefreiheit."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PoliceAuthority
        fields = [
            "accessibility_conformity",
            "accessibility_limitations",
            "accessibility_email",
            "accessibility_phone",
        ]
        widgets = {"accessibility_limitations": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["accessibility_limitations"].max_length = 4000
        self.fields["accessibility_limitations"].widget.attrs["maxlength"] = 4000
