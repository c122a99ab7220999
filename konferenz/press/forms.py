from django import forms
from django.utils.translation import gettext_lazy as _

from konferenz.core.singleline import SingleLineMixin
from konferenz.press.models import PressQuote, PressRelease
from teilnehmer.addressbook.models import Contact


class PressReleaseForm(SingleLineMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PressRelease
        fields = [
            "title",
            "place_line",
            "body",
            "embargo_at",
            "sequence_number",
            "name_guests",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18}),
            "embargo_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {
            "body": _("Paragraphs are separated by a blank line, as in the ots wire."),
            "embargo_at": _("Leave empty if the release may be published at once."),
        }


class PressQuoteForm(SingleLineMixin, forms.ModelForm):
    """A quote; the quoted person from the address book (who approves it) or,
    without one, a name typed in."""

    class Meta:
        model = PressQuote
        fields = ["contact", "person", "function", "text", "placement"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "person": _("Empty: the name of the contact chosen above."),
        }

    def __init__(self, *args, police_authority=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = (
            Contact.objects.for_tenant(police_authority)
            .active()
            .filter(anonymised_at__isnull=True)
            .select_related("authority")
            .order_by("authority__name", "last_name", "first_name")
        )
        self.fields["contact"].label_from_instance = lambda c: (
            f"{c.full_name} ({c.authority.name})"
        )
        self.fields["person"].required = False

    def clean(self):
        cleaned = super().clean()
        contact = cleaned.get("contact")
        if contact is not None:
            if not cleaned.get("person"):
                cleaned["person"] = contact.full_name
            if not cleaned.get("function"):
                cleaned["function"] = contact.function
        if not cleaned.get("person") and "person" not in self.errors:
            self.add_error(
                "person", _("Please choose the quoted person or enter a name.")
            )
        return cleaned


class QuoteProposalForm(SingleLineMixin, forms.Form):
    """The quoted person's own wording (behind the link)."""

    text = forms.CharField(
        label=_("Your wording"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please enter the wording you propose.")},
    )


class ApprovalReasonForm(SingleLineMixin, forms.Form):
    quotes_reason = forms.CharField(
        label=_("Reason to approve although not every quote is approved"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishForm(SingleLineMixin, forms.ModelForm):
    class Meta:
        model = PressRelease
        fields = ["published_on", "presseportal_url"]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].required = True
