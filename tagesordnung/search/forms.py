"""The search form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from konferenz.core.singleline import SingleLineMixin


class SearchForm(SingleLineMixin, forms.Form):
    q = forms.CharField(label=_("Search term"), max_length=200, required=False)
