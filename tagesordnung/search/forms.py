"""The search form."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from konferenz.singleline import SingleLineMixin
from tagesordnung.classification import Classification
from tagesordnung.forms import ClassifiedChildForm
from tagesordnung.minutes_models import ActionItem, Minutes, MinutesComment
from teilnehmer.models import Authority, Contact


class SearchForm(SingleLineMixin, forms.Form):
    q = forms.CharField(label=_("Search term"), max_length=200, required=False)
