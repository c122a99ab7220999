"""The architecture of docs/architecture.md holds: layers (import-linter), no
import cycles, app models modules that only register, in-function imports
only with a reason, one spelling per mechanism."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
APPS = ("konferenz", "teilnehmer", "tagesordnung")


def _product_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


def test_import_linter_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_no_import_cycles_between_modules():
    graph = grimp.build_graph(*APPS)
    modules = {m for m in graph.modules if ".migrations" not in m}
    cycles = []
    for module in sorted(modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported in modules and graph.chain_exists(
                importer=imported, imported=module
            ):
                cycles.append(f"{module} <-> {imported}")
    assert not cycles


@pytest.mark.parametrize("app", APPS)
def test_app_models_module_only_registers_feature_models(app):
    tree = ast.parse((ROOT / app / "models.py").read_text())
    statements = [node for node in tree.body if not isinstance(node, ast.Expr)]
    assert statements
    for node in statements:
        assert isinstance(node, ast.ImportFrom), ast.dump(node)
        assert [alias.name for alias in node.names] == ["models"], ast.dump(node)


def _is_project_import(node):
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] in APPS
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] in APPS for alias in node.names)
    return False


def test_imports_inside_functions_say_why():
    """An import inside a function hides a dependency; it is allowed only with
    a comment in the function before it (or on its line) that says why."""
    silent = []
    for path in _product_modules():
        source = path.read_text()
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if inner is node or not _is_project_import(inner):
                    continue
                nearby = lines[node.lineno - 1 : inner.end_lineno]
                if not any("#" in line for line in nearby):
                    silent.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not sorted(set(silent))


#: A version counted by hand: ``version + 1``, ``version += 1``, ``F("version")``.
HAND_BUMP = re.compile(r"""version\s*\+=?\s*1\b|F\(\s*["']version["']\s*\)""")


def test_versions_change_only_through_locking():
    """One spelling per version change (docs/architecture.md, optimistic
    locking): ``locking.bump(row)`` for a locked row, ``locking.BUMPED`` for
    a bulk ``update()``; only konferenz/core/locking.py counts itself."""
    locking = ROOT / "konferenz" / "core" / "locking.py"
    by_hand = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _product_modules()
        if path != locking
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if HAND_BUMP.search(line)
    ]
    assert not by_hand


#: A model named by its label: ``"<app>.<Model>"``.
MODEL_LABEL = re.compile(r"(?:konferenz|teilnehmer|tagesordnung)\.\w+")


def test_core_names_no_feature_model():
    """The core knows no feature (docs/architecture.md, layers): no string in
    konferenz/core names a model of a feature package; a feature registers
    what the core must know from its app's ``ready()``."""
    named = []
    for path in sorted((ROOT / "konferenz" / "core").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and MODEL_LABEL.fullmatch(node.value)
            ):
                continue
            try:
                model = apps.get_model(node.value)
            except LookupError:
                continue  # a permission such as "teilnehmer.view_addressbook"
            if not model.__module__.startswith("konferenz.core."):
                named.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value}")
    assert not named


#: The longest a view function, view class or one of its methods may be.
VIEW_LINES = 40

#: Views allowed to be longer, each with its reason (none today).
LONG_VIEWS_ALLOWED: set[str] = set()


def _view_definitions(tree):
    """Module-level functions and classes and the methods of the classes (a
    function nested in one counts as part of it)."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node
        if isinstance(node, ast.ClassDef):
            yield from (
                method
                for method in node.body
                if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef)
            )


def test_views_are_short():
    """Views are thin (docs/architecture.md, "Thin views"): every function,
    class and method in a views module has at most 40 lines, from its
    ``def``/``class`` line (decorators not counted) to its last line; the
    logic lives in services, selectors and forms."""
    too_long = []
    for path in _product_modules():
        if "views" not in path.name or "demo" in path.parts:
            continue
        name = path.relative_to(ROOT).as_posix()
        for node in _view_definitions(ast.parse(path.read_text())):
            lines = node.end_lineno - node.lineno + 1
            if lines > VIEW_LINES and f"{name}::{node.name}" not in LONG_VIEWS_ALLOWED:
                too_long.append(f"{name}:{node.lineno} {node.name} ({lines} lines)")
    assert not too_long


#: Views that write the POST-action shape out themselves, and why.
ACTIONS_BY_HAND = {
    # a full disk answers the item page with the form kept (status 200)
    "tagesordnung/agenda/views.py::attachment_upload",
    # a refusal keeps the page with the recipients chosen
    "tagesordnung/minutes/views.py::minutes_distribute",
}


def _calls_messages(nodes, level):
    return any(
        isinstance(inner, ast.Call) and ast.unparse(inner.func) == f"messages.{level}"
        for node in nodes
        for inner in ast.walk(node)
    )


def test_post_actions_answer_through_konferenz_core_actions():
    """A view's POST action (a service, its refusal as error message, else a
    success message) answers through ``konferenz.core.actions`` (``perform``,
    ``submit``; docs/architecture.md, "Thin views"), not written out again."""
    by_hand = []
    for path in _product_modules():
        if "views" not in path.name or "demo" in path.parts:
            continue
        name = path.relative_to(ROOT).as_posix()
        for view in _view_definitions(ast.parse(path.read_text())):
            if f"{name}::{view.name}" in ACTIONS_BY_HAND:
                continue
            for node in ast.walk(view):
                if (
                    isinstance(node, ast.Try)
                    and any(
                        _calls_messages(handler.body, "error")
                        for handler in node.handlers
                    )
                    and _calls_messages(node.orelse + node.body, "success")
                ):
                    by_hand.append(f"{name}:{node.lineno} {view.name}")
    assert not by_hand


#: Where a view may refuse with 403 by itself: the access module, the tenant
#: (an account without a police authority) and the login form while local
#: passwords are switched off (no right of any account is asked there).
REFUSERS = {
    "konferenz/core/access.py",
    "konferenz/core/tenancy.py",
    "konferenz/accounts/views.py",
}


def _asks_a_right(node):
    return any(
        isinstance(inner, ast.Attribute) and inner.attr == "has_perm"
        for inner in ast.walk(node)
    )


def _raises(node, name):
    return any(
        isinstance(inner, ast.Raise)
        and inner.exc is not None
        and name in ast.unparse(inner.exc)
        for inner in ast.walk(node)
    )


def test_access_is_decided_through_konferenz_core_access():
    """One access rule (docs/architecture.md, "Access: 403 or 404"): a right is
    asked through ``konferenz.core.access`` (``require``, ``PermissionMixin``,
    ``demand``: 403), never answered with 404, and no view raises 403 or
    imports django-rules' view helpers by itself."""
    found = []
    for path in _product_modules():
        name = str(path.relative_to(ROOT))
        source = path.read_text()
        tree = ast.parse(source)
        if name != "konferenz/core/access.py" and (
            "rules.contrib.views" in source or "raise_exception" in source
        ):
            found.append(f"{name}: django-rules' view helpers by hand")
        for node in ast.walk(tree):
            if (
                name not in REFUSERS
                and isinstance(node, ast.Raise)
                and _raises(node, "PermissionDenied")
            ):
                found.append(f"{name}:{node.lineno}: 403 by hand")
            if (
                isinstance(node, ast.If)
                and _asks_a_right(node.test)
                and any(_raises(stmt, "Http404") for stmt in node.body)
            ):
                found.append(f"{name}:{node.lineno}: a missing right answers 404")
    assert not found


#: Templates that may lie directly in ``<app>/templates/<app>/``: frames
#: several features extend (the conference hub: head and tabs of every
#: conference page of conferences, agenda, minutes, invitations and press).
SHARED_TEMPLATES = {"konferenz/conference_base.html"}


@pytest.mark.parametrize("app", APPS)
def test_no_feature_template_lies_flat(app):
    """A feature's templates lie in ``<app>/templates/<app>/<feature>/``
    (docs/architecture.md, "Three apps, one shape per feature"); directly in
    ``<app>/templates/<app>/`` only shared frames (``SHARED_TEMPLATES``), and
    pieces several features use in the shared folders (``includes/``,
    ``parts/``, ``mail/``, ``pdf/``)."""
    folder = ROOT / app / "templates" / app
    flat = {f"{app}/{path.name}" for path in folder.iterdir() if path.is_file()}
    assert flat - SHARED_TEMPLATES == set()
