"""Filter dropdowns from precomputed choices (issue 22).

Rendering a ``ModelChoiceField`` through its widget templates costs a
template per option and runs the choices' query lazily while the page
template renders. ``select_options`` reads the choices in the view, once, and
hands the template plain (value, label, selected) triples.
"""

from dataclasses import dataclass

from django.utils.html import format_html_join


@dataclass(frozen=True)
class Select:
    name: str
    id: str
    label: str
    options: list

    @property
    def options_html(self):
        """The ``<option>`` elements, made in one go (a template loop costs a
        node per option; issue 32)."""
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, " selected" if selected else "", label)
                for value, label, selected in self.options
            ),
        )


def _choices(field):
    queryset = getattr(field, "queryset", None)
    if queryset is None:
        return field.choices
    # The query set read as a list: iterating ``field.choices`` would read it
    # through a server-side cursor on PostgreSQL (three statements, not one).
    empty = [] if field.empty_label is None else [("", field.empty_label)]
    return [
        *empty,
        *(
            (field.prepare_value(obj), field.label_from_instance(obj))
            for obj in queryset
        ),
    ]


def select_options(form, name):
    """The field ``name`` of ``form`` as a ``Select`` with its options read now."""
    bound = form[name]
    current = bound.value()
    current = "" if current is None else str(current)
    field = form.fields[name]
    options = [
        (str(value), str(label), str(value) == current)
        for value, label in _choices(field)
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
