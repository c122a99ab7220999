"""The partner answers for themselves: the answer form speaks in the first
person (staff recording an answer see the third person)."""

import pytest

from tests.helpers import sent_token

pytestmark = pytest.mark.django_db


def test_partner_answer_form_keeps_the_first_person(
    client, organiser, invitation, django_capture_on_commit_callbacks
):
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)

    content = client.get(f"/einladung/{token}/", follow=True).content.decode()

    assert "Ihre Antwort" in content
    assert "Ich nehme teil (Zusage)" in content
    assert "Nimmt teil" not in content
