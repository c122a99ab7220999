import holidays
from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from konferenz.conferences.services import CONFERENCE_FIELDS, NOTICE_FIELDS
from konferenz.core.models import Conference
from konferenz.core.singleline import SingleLineMixin
from teilnehmer.invitations import selectors as invitations


class ConferenceForm(SingleLineMixin, forms.ModelForm):
    """Create and edit a conference. Blocking mistakes are errors; a weekend,
    a public holiday in NRW or a second conference on the same day are only
    warnings, which the organiser confirms with a tick."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_warnings = forms.BooleanField(
        label=_("Save anyway: I have read the notes above."),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Conference
        fields = list(CONFERENCE_FIELDS)
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "rsvp_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "proposal_deadline": forms.DateInput(
                attrs={"type": "date"}, format="%Y-%m-%d"
            ),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "directions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("E.g. “Sicherheitskonferenz im Kreis Lippe 2026”."),
            "video_link": _("Required for video and hybrid conferences."),
        }

    def __init__(self, *args, police_authority, today, allow_record=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.police_authority = police_authority
        self.today = today
        self.warnings = []
        self.instance.police_authority = police_authority
        self.fields["version"].initial = self.instance.version
        if self.instance.pk and invitations.notice_recipients(self.instance).exists():
            # Unticked: a plain save informs nobody; changing date, time or
            # place ticks it (static/js/siko.js, data-tick-on).
            self.fields["notify_invitees"] = forms.BooleanField(
                label=_("Inform the invitees of a change of date, time or place"),
                required=False,
                initial=False,
                help_text=_(
                    "Everyone invited who has not declined gets a mail with the "
                    "updated calendar entry."
                ),
                widget=forms.CheckboxInput(
                    attrs={"data-tick-on": " ".join(NOTICE_FIELDS)}
                ),
            )
        if allow_record:
            self.fields["already_held"] = forms.BooleanField(
                label=_("Already held – record afterwards"),
                required=False,
                help_text=_(
                    "Tick this to record a conference that has already taken "
                    "place; it is then saved as held."
                ),
            )
            self.order_fields(["title", "kind", "date", "already_held"])

    def clean(self):
        cleaned = super().clean()
        date = cleaned.get("date")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must be after the start."))
        online = (Conference.Mode.VIDEO, Conference.Mode.HYBRID)
        if cleaned.get("mode") in online and not cleaned.get("video_link"):
            self.add_error(
                "video_link",
                _("Please give the video link for a video or hybrid conference."),
            )
        if date:
            for name in ("rsvp_deadline", "proposal_deadline"):
                deadline = cleaned.get(name)
                if deadline and deadline >= date:
                    self.add_error(
                        name, _("The deadline must be before the conference date.")
                    )
            self._check_past(date, cleaned.get("already_held", False))
        if not self.errors and date:
            self.warnings = self._warnings(date)
            if self.warnings:
                field = self.fields["confirm_warnings"]
                field.widget = forms.CheckboxInput()
                if not cleaned.get("confirm_warnings"):
                    self.add_error(
                        "confirm_warnings",
                        _("Please check the notes above, then tick this box."),
                    )
        return cleaned

    def _check_past(self, date, already_held):
        if already_held:
            if date > self.today:
                self.add_error(
                    "date",
                    _(
                        "A conference that has already been held cannot have a "
                        "date in the future."
                    ),
                )
            return
        unchanged = self.instance.pk and self.instance.date == date
        if date < self.today and not unchanged:
            if "already_held" in self.fields:
                message = _(
                    "The date is in the past. To record a conference that has "
                    "already been held, tick “Already held – record afterwards”."
                )
            else:
                message = _("The date is in the past.")
            self.add_error("date", message)

    def _warnings(self, date):
        warnings = []
        holiday = holidays.Germany(subdiv="NW", years=date.year, language="de").get(
            date
        )
        if holiday:
            warnings.append(
                _("%(date)s is a public holiday in North Rhine-Westphalia (%(name)s).")
                % {"date": formats.date_format(date, "d.m.Y"), "name": holiday}
            )
        elif date.weekday() >= 5:
            warnings.append(
                _("%(date)s is a %(weekday)s.")
                % {
                    "date": formats.date_format(date, "d.m.Y"),
                    "weekday": formats.date_format(date, "l"),
                }
            )
        same_day = (
            Conference.objects.for_tenant(self.police_authority)
            .filter(date=date)
            .exclude(status=Conference.Status.CANCELLED)
        )
        if self.instance.pk:
            same_day = same_day.exclude(pk=self.instance.pk)
        for other in same_day.order_by("start_time"):
            warnings.append(
                _("Another conference of your authority is on that day: %(title)s.")
                % {"title": other.title}
            )
        return warnings

    @property
    def model_data(self):
        return {name: self.cleaned_data[name] for name in CONFERENCE_FIELDS}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancellation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown on the conference page, e.g. “wegen Unwetterwarnung”."),
    )
    notify = forms.ModelMultipleChoiceField(
        label=_("Notify by mail (with calendar cancellation)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ticked: everyone invited who has not declined. Their calendar "
            "entry is removed."
        ),
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = invitations.notice_candidates(conference)
        field = self.fields["notify"]
        field.queryset = candidates
        field.label_from_instance = lambda i: (
            f"{i.contact.full_name}, {i.contact.authority.name} "
            f"({i.get_answer_display()})"
        )
        if not self.is_bound:
            field.initial = list(
                invitations.notice_recipients(conference).values_list("pk", flat=True)
            )
        if not candidates.exists():
            del self.fields["notify"]

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("notify", [])
        return cleaned


class TransitionForm(forms.Form):
    """Confirm a manual status step; a reason where the workflow asks for one."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    without_press_release = forms.BooleanField(
        label=_("Without press release"),
        required=False,
        help_text=_("Tick this if no press release is issued; give the reason."),
    )

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        if step.needs_reason:
            self.fields["reason"].required = True
            self.fields["reason"].help_text = _(
                "E.g. “Einladung per Brief am 02.03. versandt”."
            )
        if not step.offers_without_press_release:
            del self.fields["without_press_release"]
        elif not step.needs_reason:
            self.fields["reason"].help_text = _(
                "Needed only without press release: why there is none."
            )

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("without_press_release", False)
        return cleaned


class UndoForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the undo"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Recorded in the status history, e.g. “versehentlich geklickt”."),
    )
