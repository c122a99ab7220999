import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teilnehmer.addressbook.models import Contact
from teilnehmer.invitations import services, tokens
from teilnehmer.invitations.models import Invitation
from tests.helpers import sent_token, token_from

pytestmark = pytest.mark.django_db

ANSWER_URL = "/einladung/antwort/"


@pytest.fixture
def token(invitation, organiser, django_capture_on_commit_callbacks):
    return sent_token(invitation, organiser, django_capture_on_commit_callbacks)


def _open(client, token):
    return client.get(f"/einladung/{token}/")


def _answer(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(ANSWER_URL, data)


def test_link_moves_token_into_session_and_redirects_to_token_free_url(
    client, invitation, token
):
    response = _open(client, token)

    assert response.status_code == 302
    assert response["Location"] == ANSWER_URL
    assert response["Referrer-Policy"] == "no-referrer"
    page = client.get(response["Location"])
    assert page.status_code == 200
    # No secret in this URL; under no-referrer the form would carry Origin: null.
    assert page["Referrer-Policy"] == "same-origin"
    assert token not in page.content.decode()
    assert token not in page.request["PATH_INFO"]
    content = page.content.decode()
    assert "Sicherheitskonferenz Teststadt" in content
    assert "14:00–17:00 Uhr" in content
    assert "Polizeipräsidium" in content
    assert "Dr. Erika Muster" in content
    assert "Einladung für Petra Beispiel" in content


def test_followed_link_ends_on_token_free_url(client, token):
    response = client.get(f"/einladung/{token}/", follow=True)

    assert response.redirect_chain == [(ANSWER_URL, 302)]
    assert token not in response.request["PATH_INFO"]
    assert response.status_code == 200


def test_get_changes_nothing(client, invitation, token):
    invitation.refresh_from_db()
    before = Invitation.objects.filter(pk=invitation.pk).values().get()
    history_before = invitation.history.count()

    _open(client, token)
    client.get(ANSWER_URL)
    _open(client, token)

    assert Invitation.objects.filter(pk=invitation.pk).values().get() == before
    assert invitation.history.count() == history_before


def _bad_link_response(client, path):
    response = client.get(path)
    return response.status_code, response.content.decode(), response["Referrer-Policy"]


def test_unknown_malformed_revoked_and_expired_links_answer_identically(
    client, invitation, token, organiser, django_capture_on_commit_callbacks
):
    other = Invitation.objects.create(
        conference=invitation.conference,
        contact=Contact.objects.create(
            authority=invitation.contact.authority,
            last_name="Abgelaufen",
            email="alt@sta.example",
        ),
    )
    expired_token = sent_token(other, organiser, django_capture_on_commit_callbacks)
    conference = other.conference
    services.invitation_revoke_link(invitation=invitation)

    unknown = _bad_link_response(client, f"/einladung/{tokens.new_token()}/")
    malformed = _bad_link_response(client, "/einladung/kurz/")
    revoked = _bad_link_response(client, f"/einladung/{token}/")
    # Expired: the follow-up period after the conference and after the last
    # mail with the link are both over.
    conference.date = timezone.localdate() - datetime.timedelta(days=400)
    conference.rsvp_deadline = None
    conference.save()
    Invitation.objects.filter(pk=other.pk).update(
        link_mailed_at=timezone.now() - datetime.timedelta(days=400)
    )
    expired = _bad_link_response(client, f"/einladung/{expired_token}/")

    assert unknown == malformed == revoked == expired
    status, content, referrer = unknown
    assert status == 404
    assert referrer == "no-referrer"
    assert "Dieser Link ist nicht (mehr) gültig" in content
    assert "Teststadt" not in content
    assert "Beispiel" not in content


def test_token_free_page_without_session_answers_the_invalid_page(client):
    response = client.get(ANSWER_URL)

    assert response.status_code == 404
    assert "Dieser Link ist nicht (mehr) gültig" in response.content.decode()


def test_revoking_ends_an_open_session_too(client, invitation, token):
    _open(client, token)
    services.invitation_revoke_link(invitation=invitation)

    assert client.get(ANSWER_URL).status_code == 404


def test_rate_limit_answers_429_after_the_threshold(client, settings, token):
    settings.SIKO_PARTNER_RATE_LIMIT = (5, 300)
    statuses = [_open(client, tokens.new_token()).status_code for _ in range(5)]

    blocked = _open(client, token)

    assert statuses == [404] * 5
    assert blocked.status_code == 429
    assert "Zu viele Anfragen" in blocked.content.decode()
    other_ip = Client(REMOTE_ADDR="10.1.2.3").get(f"/einladung/{token}/")
    assert other_ip.status_code == 302


def test_partner_accepts(client, invitation, token, django_capture_on_commit_callbacks):
    _open(client, token)

    response = _answer(
        client, django_capture_on_commit_callbacks, answer="accepted", comment="Gern."
    )

    assert response.status_code == 302
    assert response["Location"] == ANSWER_URL
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.ACCEPTED
    assert invitation.comment == "Gern."
    assert invitation.answered_at is not None
    assert invitation.answer_recorded_by_staff is False
    last = invitation.history.first()
    assert last.answer == "accepted"
    assert last.history_change_reason.startswith("Antwort über persönlichen Link vom ")
    page = client.get(ANSWER_URL).content.decode()
    assert "Vielen Dank, Ihre Antwort wurde gespeichert." in page
    assert "Ihre aktuelle Antwort:</strong> Zugesagt" in page


def test_partner_declines(
    client, invitation, token, django_capture_on_commit_callbacks
):
    _open(client, token)

    _answer(client, django_capture_on_commit_callbacks, answer="declined")

    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.DECLINED


def test_deputy_hand_over_gives_the_deputy_an_own_link(
    client, invitation, token, django_capture_on_commit_callbacks
):
    _open(client, token)
    mail.outbox.clear()

    _answer(
        client,
        django_capture_on_commit_callbacks,
        answer="deputy",
        deputy_name="Klaus Vertreter",
        deputy_function="Oberstaatsanwalt",
        deputy_email="klaus.vertreter@sta.example",
    )

    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.DEPUTY
    assert invitation.deputy_name == "Klaus Vertreter"
    deputy = invitation.deputy_invitation
    assert deputy.contact.last_name == "Vertreter"
    assert deputy.contact.first_name == "Klaus"
    assert deputy.contact.authority == invitation.contact.authority
    assert deputy.answer == Invitation.Answer.OPEN
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["klaus.vertreter@sta.example"]
    assert "hat Sie als Vertretung benannt" in mail.outbox[0].body
    deputy_token = token_from(mail.outbox[0])
    assert deputy_token != token

    page = client.get(ANSWER_URL).content.decode()
    assert "Sie entsenden Klaus Vertreter als Ihre Vertretung" in page
    assert "noch nicht geantwortet" in page

    deputy_client = Client()
    _open(deputy_client, deputy_token)
    deputy_page = deputy_client.get(ANSWER_URL).content.decode()
    assert "in Vertretung für Petra Beispiel" in deputy_page
    assert 'value="deputy"' not in deputy_page
    with django_capture_on_commit_callbacks(execute=True):
        deputy_client.post(ANSWER_URL, {"answer": "accepted"})
    deputy.refresh_from_db()
    assert deputy.answer == Invitation.Answer.ACCEPTED
    page = client.get(ANSWER_URL).content.decode()
    assert "ihre Antwort: Zugesagt" in page


def test_deputy_without_email_keeps_the_input_and_explains(
    client, invitation, token, django_capture_on_commit_callbacks
):
    _open(client, token)

    response = _answer(
        client,
        django_capture_on_commit_callbacks,
        answer="deputy",
        deputy_name="Klaus Vertreter",
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "Bitte geben Sie die E-Mail-Adresse Ihrer Vertretung an" in content
    assert 'value="Klaus Vertreter"' in content
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.OPEN


def test_switching_from_deputy_to_accept_withdraws_the_deputy_invitation(
    client, invitation, token, django_capture_on_commit_callbacks
):
    _open(client, token)
    _answer(
        client,
        django_capture_on_commit_callbacks,
        answer="deputy",
        deputy_name="Klaus Vertreter",
        deputy_email="klaus.vertreter@sta.example",
    )

    _answer(client, django_capture_on_commit_callbacks, answer="accepted")

    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.ACCEPTED
    assert invitation.deputy_name == ""
    assert not Invitation.objects.filter(deputy_for=invitation).exists()


def test_answer_can_be_changed_before_the_deadline(
    client, invitation, token, django_capture_on_commit_callbacks
):
    _open(client, token)
    _answer(client, django_capture_on_commit_callbacks, answer="accepted")

    _answer(client, django_capture_on_commit_callbacks, answer="declined")

    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.DECLINED
    assert list(invitation.history.values_list("answer", flat=True))[:2] == [
        "declined",
        "accepted",
    ]


def test_after_the_deadline_the_page_is_read_only_and_names_the_contact(
    client, invitation, token, organiser, django_capture_on_commit_callbacks
):
    _open(client, token)
    _answer(client, django_capture_on_commit_callbacks, answer="accepted")
    conference = invitation.conference
    conference.rsvp_deadline = timezone.localdate() - datetime.timedelta(days=1)
    conference.save()

    page = client.get(ANSWER_URL)
    response = _answer(client, django_capture_on_commit_callbacks, answer="declined")

    content = page.content.decode()
    assert "Die Antwortfrist ist abgelaufen" in content
    assert 'name="answer"' not in content  # no answer form (proposals may stay open)
    assert organiser.get_full_name() in content
    assert organiser.email in content
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.ACCEPTED


def test_double_submit_from_two_tabs_leaves_one_consistent_answer(
    invitation, token, django_capture_on_commit_callbacks
):
    tab_one, tab_two = Client(), Client()
    _open(tab_one, token)
    _open(tab_two, token)
    deputy = {
        "answer": "deputy",
        "deputy_name": "Klaus Vertreter",
        "deputy_email": "klaus.vertreter@sta.example",
    }
    mail.outbox.clear()

    _answer(tab_one, django_capture_on_commit_callbacks, **deputy)
    _answer(tab_two, django_capture_on_commit_callbacks, **deputy)

    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.DEPUTY
    assert Invitation.objects.filter(deputy_for=invitation).count() == 1
    assert Contact.all_objects.filter(email="klaus.vertreter@sta.example").count() == 1
    assert len(mail.outbox) == 1


def test_double_submit_with_different_deputies_keeps_only_the_last(
    invitation, token, django_capture_on_commit_callbacks
):
    tab_one, tab_two = Client(), Client()
    _open(tab_one, token)
    _open(tab_two, token)

    _answer(
        tab_one,
        django_capture_on_commit_callbacks,
        answer="deputy",
        deputy_name="Klaus Vertreter",
        deputy_email="klaus@sta.example",
    )
    _answer(
        tab_two,
        django_capture_on_commit_callbacks,
        answer="deputy",
        deputy_name="Karla Vertreterin",
        deputy_email="karla@sta.example",
    )

    invitation.refresh_from_db()
    deputies = Invitation.objects.filter(deputy_for=invitation)
    assert [d.contact.email for d in deputies] == ["karla@sta.example"]
    assert invitation.deputy_email == "karla@sta.example"


def test_partner_post_without_csrf_token_is_refused(invitation, token):
    client = Client(enforce_csrf_checks=True)
    _open(client, token)

    response = client.post(ANSWER_URL, {"answer": "accepted"})

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.OPEN


def test_partner_link_refuses_put(client, token):
    assert client.put(f"/einladung/{token}/").status_code == 405


def test_staff_recorded_answer_is_marked(invitation, organiser):
    services.invitation_answer(
        invitation=invitation, answer="accepted", by_staff=True, user=organiser
    )

    invitation.refresh_from_db()
    assert invitation.answer_recorded_by_staff is True
    assert invitation.history.first().history_change_reason == (
        f"Antwort von {organiser.username} erfasst (Telefon/E-Mail)"
    )


def test_reverse_names():
    assert reverse("partner:answer") == ANSWER_URL


def test_naming_oneself_as_deputy_is_refused_and_nothing_changes(
    client, invitation, token, django_capture_on_commit_callbacks
):
    _open(client, token)

    response = _answer(
        client,
        django_capture_on_commit_callbacks,
        answer="deputy",
        deputy_name="Petra Beispiel",
        deputy_email="PETRA.beispiel@sta.example",
    )

    assert response.status_code == 400
    assert "Bitte benennen Sie eine andere Person als Vertretung." in (
        response.content.decode()
    )
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.OPEN
    assert Invitation.objects.count() == 1


def test_naming_someone_already_invited_as_deputy_is_refused(
    client, invitation, token, django_capture_on_commit_callbacks
):
    colleague = Invitation.objects.create(
        conference=invitation.conference,
        contact=Contact.objects.create(
            authority=invitation.contact.authority,
            first_name="Karl",
            last_name="Kollege",
            email="karl@sta.example",
        ),
    )
    _open(client, token)

    response = _answer(
        client,
        django_capture_on_commit_callbacks,
        answer="deputy",
        deputy_name="Karl Kollege",
        deputy_email="karl@sta.example",
    )

    assert response.status_code == 400
    assert "Karl Kollege steht bereits auf der Einladungsliste." in (
        response.content.decode()
    )
    colleague.refresh_from_db()
    assert colleague.deputy_for is None
