"""The staff invitations page with many invitees: filter, sort, search, one
form for the rows, delivery errors in German, constant queries."""

import datetime
import re

import factory
import pytest
from django.urls import reverse
from django.utils import timezone

from teilnehmer.invitations.delivery import delivery_problem
from tests.factories import AuthorityFactory, InvitationFactory

pytestmark = pytest.mark.django_db


def _get(client, conference, **params):
    return client.get(
        reverse("invitations:overview", kwargs={"pk": conference.pk}), params
    )


def _main(response):
    content = response.content.decode()
    return content[content.index("<main") : content.index("</main>")]


def _table(response):
    content = response.content.decode()
    start = content.index('<table class="table table-sm table-hover')
    return content[start : content.index("</table>", start)]


def _names(response):
    """The persons in the table, in the order shown."""
    return re.findall(r'data-person="([^"]+)"', response.content.decode())


@pytest.fixture
def three(conference):
    now = timezone.now()
    city = AuthorityFactory(
        police_authority=conference.police_authority, name="Stadt Adorf"
    )
    court = AuthorityFactory(
        police_authority=conference.police_authority, name="Landgericht Zettel"
    )
    customs = AuthorityFactory(
        police_authority=conference.police_authority, name="Hauptzollamt Mitte"
    )
    return [
        InvitationFactory(
            conference=conference,
            contact__authority=court,
            contact__first_name="Anna",
            contact__last_name="Zander",
            answer="accepted",
            answered_at=now - datetime.timedelta(days=1),
        ),
        InvitationFactory(
            conference=conference,
            contact__authority=city,
            contact__first_name="Bernd",
            contact__last_name="Meier",
            answer="declined",
            answered_at=now - datetime.timedelta(days=3),
        ),
        InvitationFactory(
            conference=conference,
            contact__authority=customs,
            contact__first_name="Clara",
            contact__last_name="Albers",
        ),
    ]


def test_overview_default_order_is_by_authority(organiser_client, conference, three):
    response = _get(organiser_client, conference)

    assert _names(response) == ["Clara Albers", "Anna Zander", "Bernd Meier"]


def test_overview_filters_by_answer(organiser_client, conference, three):
    response = _get(organiser_client, conference, answer="accepted")

    assert _names(response) == ["Anna Zander"]
    content = response.content.decode()
    assert "1 von 3 Eingeladenen" in content


def test_overview_filters_the_open_ones(organiser_client, conference, three):
    assert _names(_get(organiser_client, conference, answer="open")) == ["Clara Albers"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("authority", ["Clara Albers", "Anna Zander", "Bernd Meier"]),
        ("-authority", ["Bernd Meier", "Anna Zander", "Clara Albers"]),
        ("person", ["Clara Albers", "Bernd Meier", "Anna Zander"]),
        ("-person", ["Anna Zander", "Bernd Meier", "Clara Albers"]),
        ("answer", ["Clara Albers", "Anna Zander", "Bernd Meier"]),
        ("date", ["Bernd Meier", "Anna Zander", "Clara Albers"]),
        ("-date", ["Anna Zander", "Bernd Meier", "Clara Albers"]),
    ],
)
def test_overview_sorts(organiser_client, conference, three, sort, expected):
    assert _names(_get(organiser_client, conference, sort=sort)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zoll", ["Clara Albers"]),
        ("meier", ["Bernd Meier"]),
        ("anna landgericht", ["Anna Zander"]),
        ("niemand", []),
    ],
)
def test_overview_searches_authority_and_person(
    organiser_client, conference, three, query, expected
):
    response = _get(organiser_client, conference, q=query)

    assert _names(response) == expected
    if not expected:
        assert "Niemand passt zu Suche und Filter." in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"answer": "quatsch"},
        {"sort": "contact__email"},
        {"sort": "-"},
        {"q": "a\x00b"},
        {"q": "x" * 5000},
        {"answer": ["open", "accepted"], "sort": ["person", "x"]},
    ],
)
def test_overview_ignores_bad_parameters(organiser_client, conference, three, params):
    response = _get(organiser_client, conference, **params)

    assert response.status_code == 200


def test_overview_bad_answer_filter_shows_everyone(organiser_client, conference, three):
    assert len(_names(_get(organiser_client, conference, answer="quatsch"))) == 3


def test_overview_links_keep_filter_and_search(organiser_client, conference, three):
    content = _get(
        organiser_client, conference, answer="declined", q="meier"
    ).content.decode()

    # The column headers sort within the current filter and search.
    assert "?answer=declined&amp;q=meier&amp;sort=person" in content
    # The search form keeps the filter.
    assert 'name="answer" value="declined"' in content or re.search(
        r'<option value="declined" selected>', content
    )


def test_overview_without_javascript_filter_is_a_get_form(
    organiser_client, conference, three
):
    content = _get(organiser_client, conference).content.decode()

    assert re.search(r'<form[^>]*method="get"[^>]*role="search"', content)
    assert 'name="q"' in content and 'name="answer"' in content


def test_overview_uses_one_form_for_all_rows(organiser_client, conference, three):
    for n, invitation in enumerate(three):
        invitation.sent_at = timezone.now()
        invitation.token_hash = f"{n:064d}"
        invitation.save()

    content = _main(_get(organiser_client, conference))

    assert content.count('method="post"') == 1
    assert content.count('name="csrfmiddlewaretoken"') == 1
    for invitation in three:
        url = reverse(
            "invitations:revoke",
            kwargs={"pk": conference.pk, "invitation_pk": invitation.pk},
        )
        assert f'formaction="{url}"' in content


def test_overview_bulk_bar_comes_before_the_table(organiser_client, conference, three):
    content = _main(_get(organiser_client, conference))

    assert content.index("Ausgewählte erinnern") < content.index("invitation-table")
    assert "bulk-bar sticky-top" in content


def test_overview_column_names_do_not_clash_with_the_menu(
    organiser_client, conference, three
):
    table = _table(_get(organiser_client, conference))
    header = table[table.index("<thead") : table.index("</thead>")]

    assert "Maßnahmen" not in header
    assert "Bearbeiten" in header


def test_overview_reader_sees_no_bulk_bar(client, reader, conference, three):
    client.force_login(reader)
    content = _main(_get(client, conference))

    assert "Ausgewählte erinnern" not in content
    assert 'method="post"' not in content
    assert "Bearbeiten" not in content


def test_overview_shows_delivery_errors_in_german_with_the_raw_text(
    organiser_client, conference
):
    InvitationFactory(
        conference=conference,
        send_error="{'a@b.example': (550, b'5.1.1 <a@b.example>: Recipient "
        "address rejected: User unknown')}",
    )

    content = _table(_get(organiser_client, conference))

    assert "Zustellung fehlgeschlagen: Empfänger unbekannt" in content
    details = re.search(r'<details class="delivery-error">.*?</details>', content, re.S)
    details = details.group(0)
    assert "Recipient address rejected: User unknown" in details


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("550 5.1.1 Empfänger unbekannt", "Empfänger unbekannt"),
        ("(550, b'5.1.1 User unknown')", "Empfänger unbekannt"),
        ("550 Postfach nicht gefunden", "Empfänger unbekannt"),
        ("552 5.2.2 Mailbox full", "Postfach des Empfängers voll"),
        ("421 4.7.0 Try again later", "vorübergehender Fehler, bitte später "),
        ("[Errno 111] Connection refused", "Mailserver nicht erreichbar"),
        ("554 5.7.1 Message rejected as spam", "vom Mailserver abgelehnt"),
        ("SMTPException", "Fehler beim Versand"),
    ],
)
def test_delivery_problem_in_german(raw, expected):
    assert expected in str(delivery_problem(raw))


@pytest.mark.parametrize("n", [10, 60])
def test_overview_query_count_is_constant_10_vs_60(
    organiser_client, conference, django_assert_num_queries, n
):
    authority = AuthorityFactory(police_authority=conference.police_authority)
    invitations = InvitationFactory.create_batch(
        n,
        conference=conference,
        contact__authority=authority,
        sent_at=timezone.now(),
        token_hash=factory.Sequence(lambda i: f"{i:064d}"),
    )
    invitations[0].send_error = "550 5.1.1 unknown"
    invitations[0].save()
    _get(organiser_client, conference)  # warm the session and caches

    with django_assert_num_queries(3):  # its rows (the conference is cached)
        response = _get(organiser_client, conference, sort="person", answer="open")
    with django_assert_num_queries(2):  # conference and table from the cache
        again = _get(organiser_client, conference, sort="person", answer="open")
    # A search (free text) is not kept: the conference and its rows each time.
    for _ in range(2):
        with django_assert_num_queries(3):
            searched = _get(organiser_client, conference, sort="person", q="a")

    assert response.status_code == 200
    assert searched.status_code == 200
    assert _table(again) == _table(response)


def test_overview_fits_60_rows_compactly(organiser_client, conference):
    """No row template repeats heavy markup: one line per row."""
    authority = AuthorityFactory(police_authority=conference.police_authority)
    InvitationFactory.create_batch(
        60, conference=conference, contact__authority=authority
    )

    content = _get(organiser_client, conference).content.decode()

    assert content.count("<tr ") == 60
    assert "<br>" not in content[content.index("<tbody") : content.index("</tbody>")]


def test_slow_buttons_carry_their_progress_text(organiser_client, conference, three):
    overview = _main(_get(organiser_client, conference))
    send = organiser_client.get(
        reverse("invitations:send", kwargs={"pk": conference.pk})
    ).content.decode()

    assert re.search(
        r'<button[^>]*data-slow="Wird gesendet …"[^>]*>Ausgewählte erinnern', overview
    )
    assert re.search(
        r'<button[^>]*name="send"[^>]*data-slow="Wird gesendet …"[^>]*>Jetzt senden',
        send,
    )
    # One script handles them all (no inline script: the CSP forbids it).
    assert "<script>" not in send and "onclick" not in send


def test_overview_names_each_row_by_person_and_authority(organiser_client, conference):
    """Issue 31: Thomas Krämer invited for three authorities gets three
    different accessible names, and no cell is cut off."""
    for name in ("Kreis Düren", "Stadt Düren", "Gemeinde Kreuzau"):
        InvitationFactory(
            conference=conference,
            contact__first_name="Thomas",
            contact__last_name="Krämer",
            contact__function="Leiter des Ordnungsamtes und Fachbereichs Sicherheit",
            contact__authority__name=name,
        )

    table = _table(_get(organiser_client, conference))

    labels = re.findall(r'aria-label="(Auswählen: [^"]+)"', table)
    assert sorted(labels) == [
        "Auswählen: Thomas Krämer, Gemeinde Kreuzau",
        "Auswählen: Thomas Krämer, Kreis Düren",
        "Auswählen: Thomas Krämer, Stadt Düren",
    ]
    assert (
        'Antwort erfassen<span class="visually-hidden"> – Thomas Krämer, Kreis Düren'
        in (table)
    )
    assert "text-truncate" not in table
    assert "Leiter des Ordnungsamtes und Fachbereichs Sicherheit" in table
