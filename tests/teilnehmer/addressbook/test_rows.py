"""The address book list's plain rows (teilnehmer/addressbook/rows.py) and
its hand-written selects (AuthorityFilterForm.options)."""

import re

import pytest
from django.urls import reverse

from teilnehmer.addressbook.forms import AuthorityFilterForm
from teilnehmer.addressbook.models import Authority
from tests.factories import AuthorityFactory, ContactFactory

pytestmark = pytest.mark.django_db

URL = reverse("teilnehmer:authority-list")


def test_each_row_shows_link_kind_city_contacts_and_state(
    reader_client, police_authority, other_police_authority
):
    authority = AuthorityFactory(
        police_authority=police_authority,
        name="Amt & <Nord>",
        kind=Authority.Kind.YOUTH_WELFARE,
        city="Düren",
    )
    ContactFactory.create_batch(2, authority=authority)
    ContactFactory(authority=authority, active=False)
    AuthorityFactory(police_authority=other_police_authority, name="Fremdamt")

    page = reader_client.get(URL).content.decode()

    assert (
        f'<tr><td><a href="{authority.get_absolute_url()}">Amt &amp; &lt;Nord&gt;</a>'
        "</td><td>Jugendamt</td><td>Düren</td><td>2</td><td>ja</td></tr>"
    ) in page
    assert "Fremdamt" not in page


def _selected(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)


@pytest.mark.parametrize(
    "query",
    [{}, {"art": "city"}, {"status": "all"}, {"art": "bogus", "status": ""}],
)
def test_selects_mark_the_option_the_widgets_would(reader_client, query):
    form = AuthorityFilterForm(query or None)

    page = reader_client.get(URL, query).content.decode()

    for name in ("art", "status"):
        widget = str(form[name].as_widget())
        assert _selected(page, name) == _selected(widget, name)
        assert len(_selected(page, name)) == len(form.fields[name].choices)
