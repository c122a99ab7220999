"""The plain rows of the list pages (konferenz/core/rows.py) and the
paginator that reads a first page before it counts (core/paginator.py)."""

import datetime

import pytest
from django.template.loader import render_to_string

from konferenz.core.models import Conference
from konferenz.core.paginator import FirstPagePaginator
from konferenz.core.rows import Row, date_text, labels, status_badge_class
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", Conference.Status.values)
def test_status_badge_class_is_the_one_of_the_status_template(status):
    conference = Conference(status=status)

    badge = render_to_string(
        "includes/conference_status.html", {"conference": conference}
    ).strip()

    assert badge == (
        f'<span class="{status_badge_class(status)}">'
        f"{conference.get_status_display()}</span>"
    )


def test_labels_are_translated_strings_in_the_active_language():
    assert labels(Conference.Status)["held"] == "Durchgeführt"
    assert all(type(label) is str for label in labels(Conference.Kind).values())


def test_date_text_as_the_date_filter_shows_it():
    assert date_text(datetime.date(2027, 3, 4)) == "04.03.2027"
    assert date_text(None) == ""


def test_row_reads_keys_as_attributes():
    row = Row(title="SiKo")
    row.url = "/konferenzen/1/"

    assert (row.title, row["url"]) == ("SiKo", "/konferenzen/1/")
    with pytest.raises(AttributeError):
        row.missing  # noqa: B018


def _conferences(police_authority, n):
    for i in range(n):
        ConferenceFactory(
            police_authority=police_authority,
            date=datetime.date(2027, 1, 1) + datetime.timedelta(days=i),
        )
    return Conference.objects.for_tenant(police_authority).order_by("date", "pk")


def test_a_list_that_fits_on_the_first_page_is_read_without_a_count(
    police_authority, django_assert_num_queries
):
    conferences = _conferences(police_authority, 3)

    with django_assert_num_queries(1):
        page = FirstPagePaginator(conferences, 3).page(1)
        shown = [c.pk for c in page.object_list]

    assert shown == [c.pk for c in conferences]
    assert (page.paginator.count, page.paginator.num_pages) == (3, 1)
    assert not page.has_other_pages()


def test_a_longer_list_is_counted_and_shows_its_first_page(
    police_authority, django_assert_num_queries
):
    conferences = _conferences(police_authority, 5)

    with django_assert_num_queries(2):
        page = FirstPagePaginator(conferences, 2).page(1)
        shown = [c.pk for c in page.object_list]
        pages = page.paginator.num_pages

    assert shown == [c.pk for c in conferences[:2]]
    assert (page.paginator.count, pages, page.has_next()) == (5, 3, True)


def test_other_pages_are_paginated_as_django_does(police_authority):
    conferences = _conferences(police_authority, 5)

    page = FirstPagePaginator(conferences, 2).page("3")

    assert [c.pk for c in page.object_list] == [conferences[4].pk]
    assert page.number == 3


def test_an_empty_list_has_an_empty_first_page(police_authority):
    page = FirstPagePaginator(Conference.objects.none(), 25).page(1)

    assert (list(page.object_list), page.paginator.count) == ([], 0)
