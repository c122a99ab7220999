"""The Einlass page: buttons that say what they do, row and counter updated
in place (htmx out of band), a redirect without JavaScript, one word."""

import re

import pytest
from django.urls import reverse

from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def _page(client, conference):
    return client.get(reverse("invitations:checkin", kwargs={"pk": conference.pk}))


def _toggle(client, invitation, present, **kwargs):
    url = reverse(
        "invitations:checkin-toggle",
        kwargs={"pk": invitation.conference_id, "invitation_pk": invitation.pk},
    )
    return client.post(url, {"present": "1" if present else "0"}, **kwargs)


def test_admission_buttons_say_what_they_do(organiser_client, invitation):
    content = _page(organiser_client, invitation.conference).content.decode()

    assert 'Als anwesend erfassen<span class="visually-hidden"> – Petra Beispiel' in (
        content
    )
    assert "btn-success" not in content
    assert "0 Personen anwesend" in content


def test_admission_uses_data_hx_attributes(organiser_client, invitation):
    content = _page(organiser_client, invitation.conference).content.decode()

    assert "data-hx-post=" in content and "data-hx-get=" in content
    assert " hx-post=" not in content and " hx-get=" not in content


def test_admission_toggle_with_htmx_updates_row_and_counter(
    organiser_client, invitation
):
    InvitationFactory(conference=invitation.conference, attended=True)

    response = _toggle(organiser_client, invitation, True, headers={"HX-Request": "1"})

    content = response.content.decode()
    assert f'id="einlass-{invitation.pk}"' in content
    assert "Anwesenheit zurücknehmen" in content
    assert 'id="einlass-zaehler"' in content
    assert 'data-hx-swap-oob="true"' in content
    assert "2 Personen anwesend" in content

    content = _toggle(
        organiser_client, invitation, False, headers={"HX-Request": "1"}
    ).content.decode()
    assert "Als anwesend erfassen" in content
    assert "1 Person anwesend" in content


def test_admission_toggle_without_javascript_redirects_back(
    organiser_client, invitation
):
    response = _toggle(organiser_client, invitation, True, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "invitations:checkin", kwargs={"pk": invitation.conference_id}
    )
    content = response.content.decode()
    assert "1 Person anwesend" in content
    assert "Anwesenheit zurücknehmen" in content


def test_admission_is_one_word_everywhere(organiser_client, invitation):
    conference = invitation.conference
    _toggle(organiser_client, invitation, True)
    pages = [
        _page(organiser_client, conference),
        organiser_client.get(
            reverse("invitations:overview", kwargs={"pk": conference.pk})
        ),
        organiser_client.get(
            reverse(
                "invitations:history",
                kwargs={"pk": conference.pk, "invitation_pk": invitation.pk},
            )
        ),
        organiser_client.get(
            reverse("konferenz:conference-detail", kwargs={"pk": conference.pk})
        ),
    ]

    for response in pages:
        content = response.content.decode()
        assert not re.search(r"\b[Cc]heck-in\b", content)
    assert "Einlass" in pages[0].content.decode()
    assert "Einlass" in pages[2].content.decode()
