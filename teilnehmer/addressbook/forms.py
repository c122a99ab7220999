from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from konferenz.core.singleline import SingleLineMixin
from teilnehmer.addressbook.models import Authority, Contact, ContactCheckSettings
from teilnehmer.addressbook.phones import normalise_phone
from teilnehmer.addressbook.selectors import duplicate_contacts, similar_authorities


class PhoneCleaningMixin:
    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))


class DuplicateCheckMixin:
    """Warns about likely duplicates; saving anyway needs a tick."""

    confirm_label = _("Save anyway: it is not a duplicate.")

    def _add_confirm_field(self):
        self.fields["confirm_duplicate"] = forms.BooleanField(
            label=self.confirm_label, required=False
        )

    def check_duplicates(self, duplicates):
        self.duplicates = duplicates
        if duplicates and not self.cleaned_data.get("confirm_duplicate"):
            self.add_error(
                "confirm_duplicate",
                _("Please check the possible duplicates above, then tick this box."),
            )


class AuthorityForm(
    SingleLineMixin, DuplicateCheckMixin, PhoneCleaningMixin, forms.ModelForm
):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Authority
        fields = [
            "name",
            "kind",
            "street",
            "postal_code",
            "city",
            "email",
            "phone",
            "website",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, police_authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.police_authority = police_authority
        self.duplicates = []
        self.instance.police_authority = police_authority
        self.fields["version"].initial = self.instance.version
        self._add_confirm_field()

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        same_name = (
            Authority.objects.for_tenant(self.police_authority)
            .filter(name__iexact=(name or "").strip())
            .exclude(pk=self.instance.pk)
        )
        if name and same_name.exists():
            self.add_error(
                "name",
                _("An authority with this name already exists in your address book."),
            )
        elif name:
            self.check_duplicates(
                similar_authorities(
                    police_authority=self.police_authority,
                    name=name,
                    exclude_pk=self.instance.pk,
                )
            )
        return cleaned

    @property
    def model_data(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ContactForm(
    SingleLineMixin, DuplicateCheckMixin, PhoneCleaningMixin, forms.ModelForm
):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Contact
        fields = [
            "salutation",
            "title",
            "first_name",
            "last_name",
            "function",
            "email",
            "phone",
            "is_leadership",
        ]

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority = authority
        self.duplicates = []
        self.instance.authority = authority
        self.fields["version"].initial = self.instance.version
        self._add_confirm_field()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("last_name"):
            self.check_duplicates(
                duplicate_contacts(
                    police_authority=self.authority.police_authority,
                    authority=self.authority,
                    first_name=cleaned.get("first_name", ""),
                    last_name=cleaned["last_name"],
                    email=cleaned.get("email", ""),
                    exclude_pk=self.instance.pk,
                )
            )
        return cleaned

    @property
    def model_data(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AuthorityFilterForm(SingleLineMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    art = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Authority.Kind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("active", _("Active")),
            ("inactive", _("Inactive")),
            ("all", _("All")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    @cached_property
    def options(self):
        """The options of the selects ``art`` and ``status``: value, label
        and whether it is the chosen one, as the fields' widgets mark them.
        The list page writes the two selects itself: a widget renders each
        option through a template of its own (issue 32)."""
        options = {}
        for name in ("art", "status"):
            chosen = self.fields[name].widget.format_value(self[name].value())
            rows, found = [], False
            for value, label in self.fields[name].choices:
                selected = not found and str(value) in chosen
                found = found or selected
                rows.append((value, str(label), selected))
            options[name] = rows
        return options

    def filters(self):
        if not self.is_valid():
            return {"query": "", "kind": "", "status": "active"}
        return {
            "query": self.cleaned_data["q"],
            "kind": self.cleaned_data["art"],
            "status": self.cleaned_data["status"] or "active",
        }


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel (.xlsx) or CSV (UTF-8 or Windows-1252, “;” or “,”)."),
    )


class MergeForm(forms.Form):
    survivor = forms.IntegerField()
    duplicate = forms.IntegerField()


class ContactCheckForm(SingleLineMixin, PhoneCleaningMixin, forms.Form):
    """The contact person's own data behind the check link (or their
    successor's, with the prefix ``successor``)."""

    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)


class ContactCheckSettingsForm(SingleLineMixin, forms.ModelForm):
    class Meta:
        model = ContactCheckSettings
        fields = ["reminder_month", "unconfirmed_months"]

    def clean_unconfirmed_months(self):
        months = self.cleaned_data["unconfirmed_months"]
        if not 1 <= months <= 60:
            raise forms.ValidationError(_("Please enter between 1 and 60 months."))
        return months
