from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from konferenz.core.classification import Classification
from konferenz.core.models import Conference
from tagesordnung.agenda.forms import ClassifiedChildForm
from tagesordnung.minutes.models import ActionItem, Minutes, MinutesComment
from teilnehmer.addressbook.models import Authority, Contact


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MinutesSettingsForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of minutes"),
        choices=Minutes.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    minute_taker = forms.ModelChoiceField(
        label=_("Minute-taker"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, police_authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minute_taker"].queryset = (
            get_user_model()
            .objects.filter(membership__police_authority=police_authority)
            .order_by("last_name", "first_name")
        )
        self.fields["minute_taker"].label_from_instance = lambda u: (
            u.get_full_name() or u.username
        )


class EntryForm(ClassifiedChildForm):
    text = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text; **bold**, *italic*, lists with “-” are possible."),
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=Classification.choices,
        help_text=_("Never lower than the agenda item's classification."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(ClassifiedChildForm):
    text = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=Classification.choices,
        help_text=_("Never lower than the agenda item's and the entry's."),
    )


class ActionForm(ClassifiedChildForm):
    description = forms.CharField(
        label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible authority"), queryset=Authority.objects.none()
    )
    contact = forms.ModelChoiceField(
        label=_("Contact person (optional)"),
        queryset=Contact.objects.none(),
        required=False,
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=Classification.choices,
        help_text=_("Never lower than the agenda item's and the entry's."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, police_authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Authority.objects.for_tenant(
            police_authority
        ).order_by("name")
        self.fields["contact"].queryset = (
            Contact.objects.for_tenant(police_authority)
            .select_related("authority")
            .order_by("authority__name", "last_name")
        )
        self.fields["contact"].label_from_instance = lambda c: (
            f"{c.full_name} – {c.authority.name}"
        )

    def clean(self):
        data = super().clean()
        contact, responsible = data.get("contact"), data.get("responsible")
        if contact and responsible and contact.authority_id != responsible.pk:
            self.add_error(
                "contact",
                _("The contact person does not belong to the responsible authority."),
            )
        return data


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    note = forms.CharField(
        label=_("Progress"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SubmitForm(forms.Form):
    comments_until = forms.DateField(
        label=_("Comments possible until"),
        widget=DateInput(attrs={"class": "form-control"}),
    )
    short_ok = forms.BooleanField(label=_("Shorter period on purpose"), required=False)


class ReplyForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Comment taken over?"),
        choices=MinutesComment.State.choices,
        initial=MinutesComment.State.ADOPTED,
    )
    reply = forms.CharField(
        label=_("Note for the participant"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Your comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), *ActionItem.Status.choices],
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible authority"),
        queryset=Authority.objects.none(),
        required=False,
        empty_label=_("all"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    conference = forms.ModelChoiceField(
        label=_("Conference"),
        queryset=None,
        required=False,
        empty_label=_("all"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    overdue = forms.BooleanField(label=_("only overdue"), required=False)

    def __init__(self, *args, police_authority, **kwargs):

        super().__init__(*args, **kwargs)
        # Only rows that have actions, asked per row (EXISTS by index): a
        # join with DISTINCT would read the whole actions table.
        self.fields["responsible"].queryset = (
            Authority.objects.for_tenant(police_authority)
            .filter(Exists(ActionItem.objects.filter(responsible=OuterRef("pk"))))
            .order_by("name")
            .only("pk", "name")  # what the option shows (issue 32)
        )
        self.fields["conference"].queryset = (
            Conference.objects.for_tenant(police_authority)
            .filter(Exists(ActionItem.objects.filter(conference=OuterRef("pk"))))
            .order_by("-date")
            .only("pk", "title", "date")  # what the option shows (issue 32)
        )
