"""Filter dropdowns from precomputed choices (issue 22).

Rendering a ``ModelChoiceField`` through its widget templates costs a
template per option and runs the choices' query lazily while the page
template renders. ``select_options`` reads the choices in the view, once, and
hands the template plain (value, label, selected) triples.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Select:
    name: str
    id: str
    label: str
    options: list


def select_options(form, name):
    """The field ``name`` of ``form`` as a ``Select`` with its options read now."""
    bound = form[name]
    current = bound.value()
    current = "" if current is None else str(current)
    field = form.fields[name]
    options = [
        (str(value), str(label), str(value) == current)
        for value, label in field.choices
    ]
    return Select(
        name=bound.html_name,
        id=bound.id_for_label,
        label=str(bound.label),
        options=options,
    )


def read_choices(form, *names):
    """Read the choices of the (model) choice fields ``names`` now, in the view:
    the widget then renders them without a query from the template (a
    ``ModelChoiceField`` otherwise runs its query while the page renders)."""
    for name in names:
        field = form.fields[name]
        # A comprehension, not list(): that would ask the iterator's length
        # first, which is one more query (COUNT).
        field.choices = [choice for choice in field.choices]  # noqa: C416
    return form
