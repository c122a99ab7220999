"""axe-core over every main page of every role, with the demo data
(real-sized content), at desktop and at phone width."""

import pytest

from tests.e2e.conftest import check_accessibility
from tests.e2e.pages import load_demo, walk

# The demo needs the police authorities of the data migration back.
pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {
    "Desktop": {"width": 1366, "height": 900},
    "Telefon": {"width": 390, "height": 844},
}


@pytest.fixture
def demo(settings):
    load_demo(settings)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_main_page_is_accessible(page, live_server, demo, tmp_path, width):
    page.set_viewport_size(WIDTHS[width])
    problems = []

    def visit(page, name, response):
        try:
            check_accessibility(page)
        except AssertionError as error:
            problems.append(f"{name}: {error}")

    walk(page, live_server, tmp_path, visit)
    assert not problems, "\n".join(problems)
