"""Helpers the test modules share: reading the files SiKo writes (PDF, DOCX,
XLSX, CSV), making small upload files, logging in, the invitation mails'
links, walking the URL configuration and running ``manage.py``.

One home for them: a test module imports from here, never from another test
module. Fixtures live in the ``conftest.py`` files; factories in
``tests/factories.py``.
"""

import contextlib
import csv
import datetime
import io
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import holidays
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, reverse
from docx import Document
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from konferenz.documents.docx import document_bytes, new_document
from teilnehmer.invitations import services

ROOT = Path(settings.BASE_DIR)

# --- reading what SiKo writes -------------------------------------------------


def pdf_pages(data: bytes) -> list[str]:
    """Text of a PDF, page by page, for assertions."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_page_tops(data: bytes, depth_cm: float = 2.6) -> list[str]:
    """Per page, the text in the top ``depth_cm`` of the page (the top edge
    where VSA Anlage IV 1.1 wants the marking)."""
    tops = []
    for page in PdfReader(io.BytesIO(data)).pages:
        height = float(page.mediabox.height)
        limit = height - depth_cm / 2.54 * 72
        parts = []

        def visit(text, cm, tm, font_dict, font_size, parts=parts, limit=limit):
            y = tm[5] * cm[3] + cm[5] if cm else tm[5]
            if text.strip() and y >= limit:
                parts.append(text)

        page.extract_text(visitor_text=visit)
        tops.append(" ".join("".join(parts).split()))
    return tops


@dataclass(frozen=True)
class PdfAccessibility:
    """What a screen reader relies on in a PDF (PDF/UA, BITV 2.0)."""

    tagged: bool  # /MarkInfo /Marked true
    has_structure_tree: bool  # /StructTreeRoot
    lang: str
    title: str
    displays_title: bool  # /ViewerPreferences /DisplayDocTitle
    tags: frozenset  # the structure types used: H1, Table, TH, …
    #: Every data cell (TD) names its header cells (/Headers → TH /ID).
    cells_have_headers: bool


def pdf_accessibility(data: bytes) -> PdfAccessibility:
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    tags, cell_headers = set(), []
    root = catalog.get("/StructTreeRoot")
    stack = [root.get_object()] if root else []
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "/S" in node:
                tags.add(str(node["/S"]).lstrip("/"))
                if node["/S"] == "/TD":
                    attributes = node.get("/A")
                    attributes = attributes.get_object() if attributes else {}
                    cell_headers.append(len(attributes.get("/Headers", [])))
            kids = node.get("/K")
            if kids is not None:
                kids = kids.get_object()
                stack.extend(
                    kid.get_object()
                    for kid in (kids if isinstance(kids, list) else [kids])
                )
    mark = catalog.get("/MarkInfo")
    preferences = catalog.get("/ViewerPreferences")
    return PdfAccessibility(
        tagged=bool(mark) and mark.get_object().get("/Marked") in (True, "true"),
        has_structure_tree=root is not None,
        lang=str(catalog.get("/Lang", "")),
        title=str((reader.metadata or {}).get("/Title", "")),
        displays_title=bool(preferences)
        and preferences.get_object().get("/DisplayDocTitle") in (True, "true"),
        tags=frozenset(tags),
        cells_have_headers=all(cell_headers),
    )


def docx_text(data: bytes, *, tables: bool = True) -> str:
    """The text of a DOCX: paragraphs, (with ``tables``) the table cells, and
    the page headers, one per line."""
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    if tables:
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def read_xlsx(data: bytes):
    """An XLSX file SiKo wrote, opened with openpyxl."""
    return load_workbook(io.BytesIO(data))


def csv_rows(data: bytes) -> list[list[str]]:
    """The rows of a CSV file SiKo wrote (UTF-8 with BOM, semicolons)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


# --- small files to upload ----------------------------------------------------


def zip_bytes(members):
    """A ZIP archive holding ``members`` ({name: text}), e.g. a fake Office file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def docx_bytes():
    """A real, small Word document."""
    return document_bytes(new_document(title="Lage", authority_name="PP Test"))


def xlsx_bytes():
    """A real, empty Excel workbook."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def pptx_bytes():
    """The parts of a PowerPoint file that make it look like one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


# --- logging in ---------------------------------------------------------------


def login(client, username, password):
    """Post the login form (password step) as a browser would."""
    return client.post(reverse("login"), {"username": username, "password": password})


def upload_address_book(client, file):
    """Post ``file`` to the address-book import (the preview step)."""
    return client.post(reverse("teilnehmer:import-upload"), {"file": file})


# --- invitation mails -----------------------------------------------------------

#: The partner link's path in an invitation mail (group 1: the token).
LINK = re.compile(r"/einladung/([A-Za-z0-9_-]{43})/")
#: The whole partner link in a mail (for a browser to open).
FULL_LINK = re.compile(r"https?://\S+/einladung/[A-Za-z0-9_-]{43}/")


def send(invitations, user, django_capture_on_commit_callbacks, personal_text=""):
    """Send ``invitations`` through the mail task, as the staff page does."""
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(
            invitations=invitations, user=user, personal_text=personal_text
        )


def token_from(message):
    return LINK.search(message.body).group(1)


def sent_token(invitation, user, django_capture_on_commit_callbacks):
    """Send the invitation and return the token from the mail."""
    mail.outbox.clear()
    send([invitation], user, django_capture_on_commit_callbacks)
    return token_from(mail.outbox[-1])


def link_from_last_mail(to):
    """The partner link in the last mail to ``to``."""
    message = [m for m in mail.outbox if m.to == [to]][-1]
    return FULL_LINK.search(message.body).group(0)


# --- dates ----------------------------------------------------------------------


def plain_weekday_ahead(today):
    """A weekday that is no NRW holiday, two weeks or more ahead, whose date
    one year earlier exists (no 29 February)."""
    day = today + datetime.timedelta(days=14)
    nrw = holidays.Germany(subdiv="NW", years=[day.year, day.year + 1])
    while day.weekday() >= 5 or day in nrw or (day.month, day.day) == (2, 29):
        day += datetime.timedelta(days=1)
    return day


# --- the URL configuration and manage.py ------------------------------------------


def walk(resolver, prefix=""):
    """(route, pattern) of every URL pattern below ``resolver``."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def sample_path(route):
    """Turn a route such as ``konferenzen/<int:pk>/`` into a requestable path."""
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", path)
    path = re.sub(r"<(?:str|slug|path)?:?\w+>", "x", path)
    path = path.lstrip("^").rstrip("$").replace("\\Z", "")
    return "/" + path


def manage(*args, **env):
    """Run ``manage.py`` in a fresh process with production-like settings
    (``env`` on top of the environment, without the test overrides)."""
    unwanted = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    environ = {k: v for k, v in os.environ.items() if k not in unwanted}
    environ.update(env)
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


# Query pins for pages (issue 22): how many queries a page runs, and how many
# of them ran while its templates rendered (should be none: everything a
# template shows is read in the view or selector).


@dataclass
class PageQueries:
    response: object
    total: int
    in_templates: list  # SQL of the queries run after rendering began


def page_queries(client, url, **params):
    marks = []

    def rendered(sender, **kwargs):
        if not marks:
            marks.append(len(context.captured_queries))

    template_rendered.connect(rendered, dispatch_uid="querypins")
    try:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url, params)
    finally:
        template_rendered.disconnect(dispatch_uid="querypins")
    start = marks[0] if marks else len(context.captured_queries)
    return PageQueries(
        response=response,
        total=len(context.captured_queries),
        in_templates=[q["sql"] for q in context.captured_queries[start:]],
    )


# The file store in the database (konferenz/core/dbstorage.py) failing as a
# real database fails.

STORE_TABLE = "konferenz_storedfile"


@contextlib.contextmanager
def store_refuses_inserts(sqlstate="25006"):
    """Every new stored file is refused by the database: on PostgreSQL with
    ``sqlstate`` (default: read-only transaction), on SQLite with an
    aborted statement (a constraint error)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION siko_test_refuse() RETURNS trigger LANGUAGE plpgsql "
                f"AS $$ BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = '{sqlstate}'; "
                "END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER siko_test_refuse BEFORE INSERT ON {STORE_TABLE} "
                "FOR EACH ROW EXECUTE FUNCTION siko_test_refuse()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER siko_test_refuse BEFORE INSERT ON {STORE_TABLE} "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DROP TRIGGER IF EXISTS siko_test_refuse ON {STORE_TABLE}"
                if connection.vendor == "postgresql"
                else "DROP TRIGGER IF EXISTS siko_test_refuse"
            )
            if connection.vendor == "postgresql":
                cursor.execute("DROP FUNCTION IF EXISTS siko_test_refuse()")


@contextlib.contextmanager
def store_is_full():
    """The database has no room left: SQLite really so (``max_page_count``
    at the pages it has), PostgreSQL with SQLSTATE 53100, disk full."""
    if connection.vendor == "postgresql":
        with store_refuses_inserts("53100"):
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA max_page_count")
        limit = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {limit}")
