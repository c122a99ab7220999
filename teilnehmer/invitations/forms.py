"""Forms of the invitations (staff side) and of the partner's answer."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from konferenz.core.singleline import SingleLineMixin
from teilnehmer.addressbook.models import Authority, Contact
from teilnehmer.invitations.models import Invitation

Answer = Invitation.Answer


class AnswerForm(SingleLineMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        widget=forms.RadioSelect,
        choices=[
            (Answer.ACCEPTED, _("I will attend")),
            (Answer.DECLINED, _("I cannot attend")),
            (Answer.DEPUTY, _("I am sending a deputy")),
        ],
    )
    deputy_name = forms.CharField(
        label=_("Deputy's name"), max_length=200, required=False
    )
    deputy_function = forms.CharField(
        label=_("Deputy's function"), max_length=200, required=False
    )
    deputy_email = forms.EmailField(label=_("Deputy's email"), required=False)
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    #: Staff record an answer on behalf of the invited person: third person.
    STAFF_WORDING = {
        "label": _("Answer of the invited person"),
        "choices": [
            (Answer.ACCEPTED, _("Attends (acceptance)")),
            (Answer.DECLINED, _("Does not attend (declined)")),
            (Answer.DEPUTY, _("Sends a deputy instead")),
        ],
    }

    def __init__(self, *args, allow_deputy=True, by_staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_staff = by_staff
        if by_staff:
            self.fields["answer"].label = self.STAFF_WORDING["label"]
            self.fields["answer"].choices = self.STAFF_WORDING["choices"]
        if not allow_deputy:
            self.fields["answer"].choices = self.fields["answer"].choices[:2]
            for name in ("deputy_name", "deputy_function", "deputy_email"):
                del self.fields[name]
        for name in ("deputy_name", "deputy_email"):
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean(self):
        data = super().clean()
        if data.get("answer") == Answer.DEPUTY:
            if not data.get("deputy_name", "").strip():
                self.add_error(
                    "deputy_name",
                    _("Please name the deputy.")
                    if self.by_staff
                    else _("Please name your deputy."),
                )
            if not data.get("deputy_email") and "deputy_email" not in self.errors:
                self.add_error(
                    "deputy_email",
                    _("Please give the deputy's email: they get their own link.")
                    if self.by_staff
                    else _("Please give your deputy's email: they get their own link."),
                )
        return data


class InviteeForm(forms.Form):
    authorities = forms.ModelMultipleChoiceField(
        label=_("Whole authorities (their leadership)"),
        queryset=Authority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kinds = forms.MultipleChoiceField(
        label=_("All authorities of a kind"),
        choices=Authority.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("Single contact persons"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    take_over = forms.BooleanField(
        label=_("Take over the list of the previous conference"), required=False
    )

    def __init__(self, *args, police_authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authorities"].queryset = Authority.objects.for_tenant(
            police_authority
        ).active()
        self.fields["contacts"].queryset = (
            Contact.objects.for_tenant(police_authority)
            .active()
            .exclude(email="")
            .select_related("authority")
            .order_by("authority__name", "last_name")
        )
        self.fields["contacts"].label_from_instance = lambda c: (
            f"{c.full_name} – {c.function} ({c.authority.name})"
        )

    def clean(self):
        data = super().clean()
        if not (
            data.get("authorities")
            or data.get("kinds")
            or data.get("contacts")
            or data.get("take_over")
        ):
            raise forms.ValidationError(_("Please choose whom to invite."))
        return data


class SelectionForm(forms.Form):
    """Which invitations an action is for: the ticked ones, or all that fit."""

    invitations = forms.ModelMultipleChoiceField(
        queryset=Invitation.objects.none(), required=False
    )
    scope = forms.ChoiceField(
        choices=[("selected", "selected"), ("all", "all")], initial="selected"
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitations"].queryset = Invitation.objects.filter(
            conference=conference
        ).select_related("contact")

    def clean(self):
        data = super().clean()
        if data.get("scope") == "selected" and not data.get("invitations"):
            raise forms.ValidationError(_("Please tick at least one person."))
        return data


class SendForm(SelectionForm):
    personal_text = forms.CharField(
        label=_("Personal text (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Appears in the mail after the salutation."),
    )
    extend = forms.ChoiceField(
        label=_("The RSVP deadline has passed. So that they can still answer:"),
        choices=[
            ("invitations", _("give the persons invited now their own deadline")),
            ("conference", _("extend the deadline of the whole conference")),
        ],
        initial="invitations",
        required=False,
        widget=forms.RadioSelect,
    )
    new_deadline = forms.DateField(
        label=_("New RSVP deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, conference, today, **kwargs):
        super().__init__(*args, conference=conference, **kwargs)
        self.conference = conference
        self.today = today
        self.late = bool(conference.rsvp_deadline and conference.rsvp_deadline < today)
        if not self.late:
            del self.fields["extend"]
            del self.fields["new_deadline"]
        elif not self.is_bound:
            suggestion = min(
                today + datetime.timedelta(days=7),
                conference.date - datetime.timedelta(days=1),
            )
            self.fields["new_deadline"].initial = max(suggestion, today)

    def clean(self):
        data = super().clean()
        if not self.late:
            return data
        deadline = data.get("new_deadline")
        if deadline is None:
            self.add_error(
                "new_deadline",
                _(
                    "The RSVP deadline (%(date)s) has passed: please give a new "
                    "deadline, otherwise the persons invited now cannot answer."
                )
                % {"date": self.conference.rsvp_deadline.strftime("%d.%m.%Y")},
            )
        elif deadline < self.today or deadline >= self.conference.date:
            self.add_error(
                "new_deadline",
                _("The new deadline must lie between today and the conference."),
            )
        if not data.get("extend"):
            data["extend"] = "invitations"
        return data

    def chosen(self, invitations):
        """The invitations to send: those ticked, or every unsent one of
        ``invitations``."""
        if self.cleaned_data["scope"] == "all":
            return [i for i in invitations if not i.sent_at]
        return self.cleaned_data["invitations"]

    def send_options(self):
        """The service's options: the text and, when late, the new deadline."""
        return {
            "personal_text": self.cleaned_data["personal_text"],
            "new_deadline": self.cleaned_data.get("new_deadline"),
            "extend_conference": self.cleaned_data.get("extend") == "conference",
        }


class WalkInForm(SingleLineMixin, forms.Form):
    authority = forms.ModelChoiceField(
        label=_("Authority"), queryset=Authority.objects.none()
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args, police_authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = Authority.objects.for_tenant(
            police_authority
        ).active()
