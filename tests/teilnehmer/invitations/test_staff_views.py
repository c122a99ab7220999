import pytest
from django.core import mail
from django.urls import reverse

from konferenz.core import stamps
from teilnehmer.addressbook.models import Contact
from teilnehmer.invitations.models import Invitation
from tests.factories import (
    AuthorityFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
)
from tests.helpers import pdf_pages, read_xlsx, send

pytestmark = pytest.mark.django_db

# (url name, needs an invitation, method, permission: "view" or "change")
VIEWS = [
    ("overview", False, "get", "view"),
    ("invitees-add", False, "get", "change"),
    ("send", False, "get", "change"),
    ("remind", False, "post", "change"),
    ("checkin", False, "get", "change"),
    ("checkin-walk-in", False, "post", "change"),
    ("checkin-toggle", True, "post", "change"),
    ("attendance-xlsx", False, "get", "view"),
    ("signin-sheet", False, "get", "view"),
    ("record-answer", True, "get", "change"),
    ("history", True, "get", "view"),
    ("revoke", True, "post", "change"),
    ("reissue", True, "post", "change"),
    ("remove", True, "post", "change"),
]


def _url(name, invitation):
    kwargs = {"pk": invitation.conference_id}
    if name in {v[0] for v in VIEWS if v[1]}:
        kwargs["invitation_pk"] = invitation.pk
    return reverse(f"invitations:{name}", kwargs=kwargs)


@pytest.mark.parametrize(("name", "_inv", "method", "perm"), VIEWS)
def test_staff_view_of_another_tenant_answers_404(
    client, make_member, other_police_authority, invitation, name, _inv, method, perm
):
    stranger = make_member(other_police_authority, is_organiser=True)
    client.force_login(stranger)

    response = getattr(client, method)(_url(name, invitation))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.token_revoked_at is None


@pytest.mark.parametrize(("name", "_inv", "method", "perm"), VIEWS)
def test_staff_view_needs_the_right_role(
    client, make_member, police_authority, invitation, name, _inv, method, perm
):
    reader = make_member(police_authority)
    press = make_member(police_authority, is_press_office=True)
    client.force_login(reader)

    response = getattr(client, method)(_url(name, invitation))

    assert response.status_code == (200 if perm == "view" else 403)
    client.force_login(press)
    assert getattr(client, method)(_url(name, invitation)).status_code == 403


@pytest.mark.parametrize(("name", "_inv", "method", "perm"), VIEWS)
def test_staff_view_refuses_the_wrong_method(
    organiser_client, invitation, name, _inv, method, perm
):
    response = (
        organiser_client.delete(_url(name, invitation))
        if method == "get"
        else organiser_client.get(_url(name, invitation))
    )

    assert response.status_code == 405


def _overview(client, conference):
    return client.get(reverse("invitations:overview", kwargs={"pk": conference.pk}))


def test_overview_shows_counts_by_answer_and_kind_and_comments(
    organiser_client, conference
):
    InvitationFactory(
        conference=conference, answer="accepted", comment="Komme mit Kollegin."
    )
    InvitationFactory(conference=conference, answer="declined")
    InvitationFactory(
        conference=conference,
        answer="deputy",
        deputy_name="Klaus Vertreter",
        contact__authority__kind="city",
    )
    InvitationFactory(conference=conference)

    response = _overview(organiser_client, conference)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Eingeladen: 4" in content
    assert "Offen: 1" in content
    assert "Zugesagt: 1" in content
    assert "Abgesagt: 1" in content
    assert "Vertretung: 1" in content
    assert "Komme mit Kollegin." in content
    assert "Klaus Vertreter" in content
    counts = response.context["counts"]["by_kind"]
    assert [(str(r["label"]), r["total"], r["open"], r["deputy"]) for r in counts] == [
        ("Staatsanwaltschaft / Generalstaatsanwaltschaft", 3, 1, 0),
        ("Stadt / Gemeinde (inkl. Ordnungsamt)", 1, 0, 1),
    ]


def test_overview_for_reader_hides_the_actions(client, reader, invitation):
    client.force_login(reader)

    content = _overview(client, invitation.conference).content.decode()

    assert "Petra Beispiel" in content
    assert "Antwort erfassen" not in content
    assert "Link sperren" not in content


@pytest.mark.parametrize("n", [5, 60])
def test_overview_query_count_does_not_grow(
    organiser_client, conference, django_assert_num_queries, n
):
    authority = AuthorityFactory(police_authority=conference.police_authority)
    originals = InvitationFactory.create_batch(
        n, conference=conference, contact__authority=authority
    )
    for original in originals[:2]:
        original.answer = "deputy"
        original.deputy_name = "Vertretung"
        original.save()
        InvitationFactory(
            conference=conference, deputy_for=original, contact__authority=authority
        )
    _overview(organiser_client, conference)  # warm the session and caches
    stamps.touch(conference.pk)  # the table is rendered anew: the conference, its rows

    with django_assert_num_queries(4):
        response = _overview(organiser_client, conference)
    with django_assert_num_queries(2):  # conference and table from the cache
        cached = _overview(organiser_client, conference)

    assert response.content.decode().count("data-person=") == n + 2
    assert cached.content.decode().count("data-person=") == n + 2


def test_invitees_add_by_authority_kind_and_single_contact(
    organiser_client, conference
):
    tenant = conference.police_authority
    court = AuthorityFactory(police_authority=tenant, kind="local_court")
    head = ContactFactory(authority=court, is_leadership=True)
    ContactFactory(authority=court, is_leadership=False)
    city = AuthorityFactory(police_authority=tenant, kind="city")
    mayor = ContactFactory(authority=city, is_leadership=True)
    clerk = ContactFactory(authority=city, is_leadership=False)
    foreign = ContactFactory()

    response = organiser_client.post(
        reverse("invitations:invitees-add", kwargs={"pk": conference.pk}),
        {
            "authorities": [court.pk],
            "kinds": ["city"],
            "contacts": [clerk.pk, foreign.pk],
        },
    )

    assert response.status_code == 400
    assert "Auswahl" in response.content.decode()
    response = organiser_client.post(
        reverse("invitations:invitees-add", kwargs={"pk": conference.pk}),
        {"authorities": [court.pk], "kinds": ["city"], "contacts": [clerk.pk]},
    )
    assert response.status_code == 302
    invited = set(conference.invitations.values_list("contact_id", flat=True))
    assert invited == {head.pk, mayor.pk, clerk.pk}


def test_invitees_add_takes_over_the_previous_list(
    organiser_client, conference, police_authority
):
    import datetime

    earlier = ConferenceFactory(
        police_authority=police_authority,
        date=conference.date - datetime.timedelta(days=365),
    )
    kept = InvitationFactory(conference=earlier)
    deputy = InvitationFactory(conference=earlier, deputy_for=kept)
    walk_in = InvitationFactory(conference=earlier, walk_in=True)

    organiser_client.post(
        reverse("invitations:invitees-add", kwargs={"pk": conference.pk}),
        {"take_over": "on"},
    )

    invited = set(conference.invitations.values_list("contact_id", flat=True))
    assert invited == {kept.contact_id}
    assert deputy.contact_id not in invited and walk_in.contact_id not in invited


def test_invitees_add_with_nothing_chosen_explains(organiser_client, conference):
    response = organiser_client.post(
        reverse("invitations:invitees-add", kwargs={"pk": conference.pk}), {}
    )

    assert response.status_code == 400
    assert "Bitte wählen Sie aus, wen Sie einladen möchten." in (
        response.content.decode()
    )


def test_send_preview_shows_the_mail_and_sends_nothing(
    organiser_client, invitation, django_capture_on_commit_callbacks
):
    url = reverse("invitations:send", kwargs={"pk": invitation.conference_id})
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            url,
            {
                "scope": "selected",
                "invitations": [invitation.pk],
                "personal_text": "Wir freuen uns auf Sie.",
                "preview": "1",
            },
        )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Vorschau der E-Mail" in content
    assert "Sehr geehrte Frau Beispiel," in content
    assert "Wir freuen uns auf Sie." in content
    assert (
        "Wir freuen uns auf Sie." in response.context["form"]["personal_text"].value()
    )
    assert mail.outbox == []


def test_send_mails_the_chosen_invitations(
    organiser_client, organiser, invitation, django_capture_on_commit_callbacks
):
    other = InvitationFactory(conference=invitation.conference)
    url = reverse("invitations:send", kwargs={"pk": invitation.conference_id})

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            url, {"scope": "selected", "invitations": [invitation.pk], "send": "1"}
        )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["petra.beispiel@sta.example"]]
    invitation.refresh_from_db()
    other.refresh_from_db()
    assert invitation.sent_at is not None and invitation.sent_by == organiser
    assert other.sent_at is None
    page = _overview(organiser_client, invitation.conference).content.decode()
    assert "versandt " + invitation.sent_at.astimezone().strftime("%d.%m.%Y") in page


def test_failed_delivery_is_shown_and_can_be_resent(
    organiser_client,
    organiser,
    invitation,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "tests.teilnehmer.invitations.failing_mail.Backend"
    send([invitation], organiser, django_capture_on_commit_callbacks)
    page = _overview(organiser_client, invitation.conference).content.decode()
    assert "Zustellung fehlgeschlagen: Empfänger unbekannt" in page
    assert '<code class="d-block text-break">550 Postfach nicht gefunden</code>' in page
    assert "Erneut senden" in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            reverse(
                "invitations:reissue",
                kwargs={"pk": invitation.conference_id, "invitation_pk": invitation.pk},
            )
        )

    invitation.refresh_from_db()
    assert invitation.send_error == ""
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1


def test_remind_all_non_responders(
    organiser_client, organiser, invitation, django_capture_on_commit_callbacks
):
    answered = InvitationFactory(conference=invitation.conference, answer="accepted")
    unsent = InvitationFactory(conference=invitation.conference)
    send([invitation, answered], organiser, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("invitations:remind", kwargs={"pk": invitation.conference_id}),
            {"scope": "all"},
        )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["petra.beispiel@sta.example"]]
    assert mail.outbox[0].subject.startswith("[Antwort erbeten]")
    unsent.refresh_from_db()
    assert unsent.reminded_at is None


def test_remind_selected_without_selection_explains(organiser_client, invitation):
    response = organiser_client.post(
        reverse("invitations:remind", kwargs={"pk": invitation.conference_id}),
        {"scope": "selected"},
        follow=True,
    )

    assert "Bitte wählen Sie mindestens eine Person aus." in response.content.decode()


def test_revoke_then_reissue(
    organiser_client, organiser, invitation, django_capture_on_commit_callbacks
):
    send([invitation], organiser, django_capture_on_commit_callbacks)
    kwargs = {"pk": invitation.conference_id, "invitation_pk": invitation.pk}

    organiser_client.post(reverse("invitations:revoke", kwargs=kwargs))
    invitation.refresh_from_db()
    assert invitation.token_hash is None
    assert invitation.token_revoked_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(reverse("invitations:reissue", kwargs=kwargs))
    invitation.refresh_from_db()
    assert invitation.token_hash is not None
    assert invitation.token_revoked_at is None
    assert len(mail.outbox) == 2


def test_record_answer_by_phone_is_marked(organiser_client, invitation):
    url = reverse(
        "invitations:record-answer",
        kwargs={"pk": invitation.conference_id, "invitation_pk": invitation.pk},
    )

    response = organiser_client.post(
        url, {"answer": "declined", "comment": "Telefonisch abgesagt."}
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == "declined"
    assert invitation.answer_recorded_by_staff is True
    page = _overview(organiser_client, invitation.conference).content.decode()
    assert "von der Organisation erfasst" in page
    assert "Telefonisch abgesagt." in page


def test_record_answer_with_bad_input_keeps_it(organiser_client, invitation):
    url = reverse(
        "invitations:record-answer",
        kwargs={"pk": invitation.conference_id, "invitation_pk": invitation.pk},
    )

    response = organiser_client.post(
        url, {"answer": "deputy", "deputy_name": "Klaus", "deputy_email": "kein"}
    )

    assert response.status_code == 400
    assert 'value="Klaus"' in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == "open"


def test_remove_only_unsent(
    organiser_client, organiser, invitation, django_capture_on_commit_callbacks
):
    unsent = InvitationFactory(conference=invitation.conference)
    send([invitation], organiser, django_capture_on_commit_callbacks)

    for inv in (invitation, unsent):
        organiser_client.post(
            reverse(
                "invitations:remove",
                kwargs={"pk": inv.conference_id, "invitation_pk": inv.pk},
            )
        )

    assert list(Invitation.objects.values_list("pk", flat=True)) == [invitation.pk]


def test_checkin_search_and_toggle(organiser_client, invitation):
    other = InvitationFactory(
        conference=invitation.conference, contact__last_name="Zimmermann"
    )
    url = reverse("invitations:checkin", kwargs={"pk": invitation.conference_id})

    response = organiser_client.get(url, {"q": "beisp"}, headers={"HX-Request": "1"})
    content = response.content.decode()
    assert "Petra Beispiel" in content
    assert "Zimmermann" not in content
    assert "<html" not in content

    toggle = reverse(
        "invitations:checkin-toggle",
        kwargs={"pk": invitation.conference_id, "invitation_pk": invitation.pk},
    )
    row = organiser_client.post(toggle, {"present": "1"}, headers={"HX-Request": "1"})

    assert "anwesend" in row.content.decode()
    invitation.refresh_from_db()
    other.refresh_from_db()
    assert invitation.attended is True
    assert other.attended is None
    organiser_client.post(toggle, {"present": "0"})
    invitation.refresh_from_db()
    assert invitation.attended is False


def test_checkin_walk_in(organiser_client, conference):
    authority = AuthorityFactory(
        police_authority=conference.police_authority, name="Stadt Teststadt"
    )

    response = organiser_client.post(
        reverse("invitations:checkin-walk-in", kwargs={"pk": conference.pk}),
        {
            "authority": authority.pk,
            "first_name": "Hans",
            "last_name": "Spontan",
            "function": "Ordnungsamt",
        },
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get(conference=conference)
    assert invitation.walk_in is True
    assert invitation.attended is True
    assert invitation.contact.authority == authority
    assert Contact.objects.get(last_name="Spontan").function == "Ordnungsamt"


def test_checkin_walk_in_with_missing_name_keeps_input(organiser_client, conference):
    authority = AuthorityFactory(police_authority=conference.police_authority)

    response = organiser_client.post(
        reverse("invitations:checkin-walk-in", kwargs={"pk": conference.pk}),
        {"authority": authority.pk, "first_name": "Hans"},
    )

    assert response.status_code == 400
    assert 'value="Hans"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_attendance_xlsx(organiser_client, conference):
    InvitationFactory(
        conference=conference,
        answer="accepted",
        attended=True,
        contact__first_name="Petra",
        contact__last_name="Anwesend",
        contact__authority__name="Amtsgericht Teststadt",
    )
    InvitationFactory(
        conference=conference,
        answer="declined",
        contact__authority__name="Zollamt Teststadt",
    )

    response = organiser_client.get(
        reverse("invitations:attendance-xlsx", kwargs={"pk": conference.pk})
    )

    assert response["Content-Disposition"].startswith("attachment; filename=")
    sheet = read_xlsx(response.content).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[0][:4] == ("Behörde", "Art", "Anrede", "Name")
    assert rows[1][0] == "Amtsgericht Teststadt"
    assert rows[1][3] == "Petra Anwesend"
    assert rows[1][6] == "Zugesagt"
    assert rows[1][8] == "ja"
    assert rows[2][0] == "Zollamt Teststadt"
    assert rows[2][6] == "Abgesagt"
    assert rows[2][8] is None
    assert len(rows) == 3


def test_signin_sheet_pdf_lists_those_expected(organiser_client, conference):
    InvitationFactory(
        conference=conference,
        answer="accepted",
        contact__last_name="Unterschrift",
        contact__function="Direktorin des Amtsgerichts",
    )
    InvitationFactory(
        conference=conference, answer="declined", contact__last_name="Abwesend"
    )

    response = organiser_client.get(
        reverse("invitations:signin-sheet", kwargs={"pk": conference.pk})
    )

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(pdf_pages(response.content)).split())
    assert "Anwesenheitsliste" in text
    assert "Unterschrift" in text
    assert "Direktorin des Amtsgerichts" in text
    assert "Abwesend" not in text


def test_conference_tab_links_the_invitations(organiser_client, conference):
    response = organiser_client.get(conference.get_absolute_url())

    assert reverse("invitations:overview", kwargs={"pk": conference.pk}) in (
        response.content.decode()
    )


def test_press_office_does_not_see_the_tab(client, make_member, conference):
    client.force_login(make_member(conference.police_authority, is_press_office=True))

    response = client.get(conference.get_absolute_url())

    assert "Einladungen" not in response.content.decode()


def test_history_shows_who_when_and_through_which_link(
    organiser_client, organiser, invitation, django_capture_on_commit_callbacks
):
    from teilnehmer.invitations import services

    send([invitation], organiser, django_capture_on_commit_callbacks)
    invitation.refresh_from_db()
    services.invitation_answer(invitation=invitation, answer="accepted")
    services.invitation_answer(
        invitation=invitation, answer="declined", by_staff=True, user=organiser
    )

    response = organiser_client.get(
        reverse(
            "invitations:history",
            kwargs={"pk": invitation.conference_id, "invitation_pk": invitation.pk},
        )
    )

    content = response.content.decode()
    issued = invitation.token_issued_at.astimezone().strftime("%d.%m.%Y %H:%M")
    assert f"Antwort über persönlichen Link vom {issued}" in content
    assert f"Antwort von {organiser.username} erfasst (Telefon/E-Mail)" in content
    assert "Partner (persönlicher Link)" in content
    assert [r.answer for r in response.context["records"]][:2] == [
        "declined",
        "accepted",
    ]
