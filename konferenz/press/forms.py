from django import forms
from django.utils.translation import gettext_lazy as _

from konferenz.core.singleline import SingleLineMixin
from konferenz.press.models import PressQuote, PressRelease


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
    class Meta:
        model = PressQuote
        fields = ["person", "function", "text", "placement"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


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
