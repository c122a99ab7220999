from django import forms
from django.utils.translation import gettext_lazy as _

from konferenz.core.classification import Classification, strictest, validate_not_below
from konferenz.core.singleline import SingleLineMixin
from tagesordnung.agenda.filetypes import ALLOWED_EXTENSIONS
from tagesordnung.agenda.models import (
    ITEM_FIELDS,
    AgendaItem,
    Proposal,
    StrategyGoal,
    Topic,
)
from teilnehmer.addressbook.models import Contact


class UniqueNameMixin:
    """The name must be unique (ignoring case) among the authority's rows."""

    duplicate_message = ""

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        model = self._meta.model
        clash = model.objects.for_tenant(self.police_authority).filter(
            name__iexact=name
        )
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(self.duplicate_message)
        return name


class TopicForm(SingleLineMixin, UniqueNameMixin, forms.ModelForm):
    duplicate_message = _("A topic with this name already exists.")

    class Meta:
        model = Topic
        fields = ["name"]

    def __init__(self, *args, police_authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.police_authority = police_authority


class StrategyGoalForm(SingleLineMixin, UniqueNameMixin, forms.ModelForm):
    duplicate_message = _("A goal with this name already exists.")

    class Meta:
        model = StrategyGoal
        fields = ["name", "description", "topics", "active"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "topics": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, police_authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.police_authority = police_authority
        self.fields["topics"].queryset = Topic.objects.for_tenant(police_authority)
        self.fields["topics"].required = False


class AgendaItemForm(SingleLineMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = list(ITEM_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        tenant = conference.police_authority
        topics = Topic.objects.usable_by(tenant)
        if self.instance.topic_id:
            topics = topics | Topic.objects.filter(pk=self.instance.topic_id)
        self.fields["topic"].queryset = topics.distinct()
        self.fields["presenter_contact"].queryset = (
            Contact.objects.for_tenant(tenant)
            .active()
            .select_related("authority")
            .order_by("authority__name", "last_name")
        )
        self.fields["presenter_contact"].label_from_instance = lambda c: (
            f"{c.full_name}, {c.function} – {c.authority.name}"
            if c.function
            else f"{c.full_name} – {c.authority.name}"
        )
        self.fields["duration_minutes"].min_value = 1
        self.fields["duration_minutes"].widget.attrs.update({"min": 1, "max": 600})

    def clean(self):
        data = super().clean()
        if data.get("presenter_contact") and data.get("presenter_name"):
            self.add_error(
                "presenter_name",
                _("Choose a person from the address book or type a name, not both."),
            )
        return data

    def item_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ClassifiedChildForm(forms.Form):
    """A form for a row that belongs to a classified parent (an entry of an
    agenda item, a decision of an entry, an attachment of an item): it starts
    at the parent's level and refuses a lower one (konferenz/core/classification.py).

    ``parent_level`` is the strictest level of everything the row belongs to.
    """

    def __init__(self, *args, parent_level, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_level = parent_level
        self.initial["classification"] = strictest(
            self.initial.get("classification"), parent_level
        )

    def clean_classification(self):
        level = self.cleaned_data["classification"]
        validate_not_below(level, self.parent_level)
        return level


class AttachmentForm(ClassifiedChildForm):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=Classification.choices,
        help_text=_("Never lower than the agenda item's classification."),
    )


class ProposalForm(SingleLineMixin, forms.ModelForm):
    """The partner's proposal (title, short description, presenter)."""

    class Meta:
        model = Proposal
        fields = ["title", "description", "presenter"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ProposalDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the partner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
