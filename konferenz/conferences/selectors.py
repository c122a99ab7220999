"""Reads of the conference pages: the list's filters and the overview."""

from django.utils import timezone

from konferenz.conferences import rows
from konferenz.conferences.checklist import conference_checklist
from konferenz.core import workflow
from konferenz.core.models import Conference
from konferenz.core.params import int_or_none

FILTERS = ("jahr", "status", "art")


def conference_list_filters(params):
    """The list's filters as typed (``jahr``, ``status``, ``art``)."""
    return {name: params.get(name, "") for name in FILTERS}


def conference_list_filter(queryset, filters):
    """``queryset`` narrowed to the year, status and kind chosen; a value
    that is none of them is ignored."""
    year = int_or_none(filters["jahr"])
    if year is not None and len(filters["jahr"].strip()) == 4:
        queryset = queryset.filter(date__year=year)
    if filters["status"] in Conference.Status.values:
        queryset = queryset.filter(status=filters["status"])
    if filters["art"] in Conference.Kind.values:
        queryset = queryset.filter(kind=filters["art"])
    return queryset


def conference_list_choices(tenant):
    """What the list's filters offer: the authority's years, the statuses and
    kinds."""
    return {
        "years": list(
            Conference.objects.for_tenant(tenant).dates("date", "year", order="DESC")
        ),
        "statuses": Conference.Status.choices,
        "kinds": Conference.Kind.choices,
    }


def conference_overview(conference, *, organiser):
    """What the overview below the conference's tabs shows: its history, the
    next steps, the organiser's checklist (its links lead to pages that other
    roles may not open) and whether a step can be undone or the conference
    cancelled."""
    transitions = rows.transition_rows(conference)
    today = timezone.localdate()
    return {
        "conference": conference,
        "transitions": transitions,
        "next_steps": workflow.manual_steps(conference, today=today),
        "checklist": (
            conference_checklist(conference, today=today) if organiser else []
        ),
        "undoable": workflow.undoable_step(conference, transitions),
        "can_cancel": Conference.Status.CANCELLED
        in workflow.allowed_targets(conference),
    }
