"""Issue 30: German everywhere on the accounts pages. Every English msgid of
konferenz/accounts (``_()`` and friends) and of its templates (the accounts
pages and the login, password and reset pages in templates/registration) has
a non-empty German msgstr in the compiled catalogues."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
PYTHON = sorted((ROOT / "konferenz" / "accounts").glob("*.py"))
TEMPLATES = sorted(
    path
    for folder in (
        ROOT / "konferenz" / "templates" / "konferenz" / "accounts",
        ROOT / "templates" / "registration",
    )
    for path in folder.rglob("*")
    if path.suffix in (".html", ".txt")
)
GETTEXT = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
#: what django.utils.translation.template.templatize makes of the tags
LITERAL = r"u'(?:[^'\\]|\\.)*'"
TEMPLATE_CALL = re.compile(
    rf"\b(gettext|ngettext|pgettext|npgettext)\(((?:{LITERAL}(?:, )?)+)"
)


def _key(context, singular, plural):
    """(catalogue key, …) of one msgid: plural forms 0 and 1, context joined
    with EOT as in the .mo file."""
    prefix = f"{context}\x04" if context is not None else ""
    if plural is None:
        return [prefix + singular]
    return [(prefix + singular, 0), (prefix + singular, 1)]


def python_msgids(source):
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT:
            continue
        strings = [
            arg.value
            for arg in node.args
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        ]
        context_at, singular_at, plural_at = GETTEXT[name]
        needed = max(i for i in (context_at, singular_at, plural_at) if i is not None)
        if len(strings) <= needed:
            continue  # a variable, not a msgid
        found.append(
            (
                strings[context_at] if context_at is not None else None,
                strings[singular_at],
                strings[plural_at] if plural_at is not None else None,
            )
        )
    return found


def template_msgids(source):
    found = []
    for match in TEMPLATE_CALL.finditer(templatize(source)):
        literals = [ast.literal_eval(s) for s in re.findall(LITERAL, match.group(2))]
        name = match.group(1)
        if name == "gettext":
            found.append((None, literals[0], None))
        elif name == "ngettext":
            found.append((None, literals[0], literals[1]))
        elif name == "pgettext":
            found.append((literals[0], literals[1], None))
        else:
            found.append((literals[0], literals[1], literals[2]))
    return found


def _untranslated(msgids):
    catalogue = trans_real.translation("de")._catalog
    return sorted(
        {
            singular
            for context, singular, plural in msgids
            if any(not catalogue.get(key) for key in _key(context, singular, plural))
        }
    )


def test_every_msgid_of_the_accounts_has_a_german_translation():
    msgids = {
        path.relative_to(ROOT).as_posix(): python_msgids(path.read_text())
        for path in PYTHON
    } | {
        path.relative_to(ROOT).as_posix(): template_msgids(path.read_text())
        for path in TEMPLATES
    }

    assert sum(len(found) for found in msgids.values()) > 200
    missing = {
        path: untranslated
        for path, found in msgids.items()
        if (untranslated := _untranslated(found))
    }
    assert missing == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{% translate "Users" %}', [(None, "Users", None)]),
        (
            "{% blocktranslate trimmed with name=x %}Hello {{ name }}"
            "{% endblocktranslate %}",
            [(None, "Hello %(name)s", None)],
        ),
        (
            "{% blocktranslate count counter=n %}{{ counter }} row{% plural %}"
            "{{ counter }} rows{% endblocktranslate %}",
            [(None, "%(counter)s row", "%(counter)s rows")],
        ),
        ("{% translate 'Users' as users %}", [(None, "Users", None)]),
    ],
)
def test_template_msgids_are_found(source, expected):
    assert template_msgids(source) == expected


def test_python_msgids_are_found_and_an_unknown_one_is_reported():
    source = (
        'a = _("Users")\nb = ngettext("%(n)d row", "%(n)d rows", n)\n'
        'c = pgettext("month", "May")\nd = _(variable)\n'
        'e = _("A sentence no catalogue has, surely")\n'
    )

    msgids = python_msgids(source)

    assert msgids == [
        (None, "Users", None),
        (None, "%(n)d row", "%(n)d rows"),
        ("month", "May", None),
        (None, "A sentence no catalogue has, surely", None),
    ]
    assert _untranslated([msgids[0], msgids[3]]) == [
        "A sentence no catalogue has, surely"
    ]
