"""No German wording written into the Python code: exports, mails, history
texts, file names and messages take an English msgid through gettext, and the
German text lives in the app's catalogue (``<app>/locale/de/.../django.po``).

The scan reads every string constant of the product modules of the three apps
(not migrations, demo data, benchmark seeding or settings) outside gettext
calls and docstrings, and flags those that look German: an umlaut or ß, or a
German function word. What is German *data* rather than wording is allowed
below, each with its reason.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("konferenz", "teilnehmer", "tagesordnung")

#: Path parts of modules that are not scanned: migrations hold the seeded
#: rows (the 47 police authorities, the shared topics), demo and bench modules
#: write German sample data on purpose, settings speak to the operator.
SKIPPED_PARTS = {"migrations", "demo", "bench", "locale", "templates", "static"}
SKIPPED_NAMES = re.compile(r"(^|_)(demo|bench)(_|\.py$)|^settings\.py$")

#: Modules whose German is the product itself, by the end of their path.
GERMAN_MODULES = {
    # The press release is German prose for the Presseportal, built by the
    # rules of German grammar (cases, articles, ordinals): a catalogue of
    # fixed sentences cannot hold it.
    "press/generator.py",
    "press/german.py",
}

#: German strings that are data, not wording.
ALLOWED = {
    # The grade marking of a document: VSA Anlage IV prescribes its wording
    # (and Marking.is_vs compares with it).
    "VS – NUR FÜR DEN DIENSTGEBRAUCH",
    "NICHT ÖFFENTLICH – NUR FÜR DIE TEILNEHMENDEN UND DEN DIENSTGEBRAUCH",
    "PERSONENBEZOGENE DATEN – NUR FÜR DIE BETROFFENE PERSON",
    # Proper names: the Regierungsbezirke of the police authorities.
    "Düsseldorf",
    "Köln",
    "Münster",
    # The name of the shared topic row a migration creates; looked up by name.
    "Bericht zu offenen Maßnahmen (Wiedervorlage)",
    # Words the press-fact reader matches in the (German) agenda titles, and
    # the sentence of the generated press text it looks for.
    "Begrüßung",
    "Eröffnung",
    "Auf der Tagesordnung",
    # Address-book import: column headings and yes/no values a user's German
    # file may contain, and the example row of the downloadable template.
    "name der behörde",
    "behördenname",
    "ja",
    "nein",
    "Musterstraße 1",
    "Leitende Oberstaatsanwältin",
    # Onboarding list of the state administration: a column heading a
    # user's German file may contain.
    "kürzel",
}

GERMAN = re.compile(
    r"[äöüßÄÖÜ]|\b(der|die|das|und|bis|von|mit|zur|zum|des|dem|nicht|Uhr|Sie)\b"
)
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def german_literals(source):
    """(line, text) of the German-looking string constants in ``source``
    outside gettext calls and docstrings."""
    tree = ast.parse(source)
    ignored = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if name in GETTEXT:
                ignored.update(id(child) for child in ast.walk(node))
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ignored.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in ignored
        and GERMAN.search(node.value)
        and node.value not in ALLOWED
    ]


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if SKIPPED_PARTS & set(relative.parts[:-1]):
                continue
            if SKIPPED_NAMES.search(path.name):
                continue
            if any(relative.as_posix().endswith(m) for m in GERMAN_MODULES):
                continue
            yield relative


def test_product_code_has_no_german_literals():
    found = [
        f"{module}:{line}: {text!r}"
        for module in _modules()
        for line, text in german_literals((ROOT / module).read_text())
    ]

    assert len(list(_modules())) > 50
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        'subject = f"Erinnerung: Maßnahme aus {title}"',
        'headers = ["Behörde", "Name"]',
        'line = f"{start} bis {end} Uhr"',
        'reason = "Antwort über persönlichen Link vom %s" % issued',
    ],
)
def test_the_scan_finds_german_wording(source):
    assert german_literals(source)


@pytest.mark.parametrize(
    "source",
    [
        'subject = gettext("Reminder: action from “%(title)s” is due")',
        'label = pgettext("column heading", "Authority")',
        'def f():\n    """Die Maßnahme (docstring)."""',
        'grade = "VS – NUR FÜR DEN DIENSTGEBRAUCH"',
    ],
)
def test_the_scan_leaves_gettext_docstrings_and_allowed_data(source):
    assert german_literals(source) == []
