"""Conferences: list, planning, status, cancellation and calendars."""

from django.urls import path

from konferenz.conferences import views

urlpatterns = [
    path("konferenzen/", views.ConferenceListView.as_view(), name="conference-list"),
    path("konferenzen/neu/", views.conference_create, name="conference-create"),
    path(
        "konferenzen/<int:pk>/",
        views.ConferenceDetailView.as_view(),
        name="conference-detail",
    ),
    path(
        "konferenzen/<int:pk>/bearbeiten/",
        views.conference_edit,
        name="conference-edit",
    ),
    path(
        "konferenzen/<int:pk>/als-vorlage/",
        views.conference_copy,
        name="conference-copy",
    ),
    path(
        "konferenzen/<int:pk>/status/",
        views.conference_transition,
        name="conference-transition",
    ),
    path(
        "konferenzen/<int:pk>/status/rueckgaengig/",
        views.conference_undo,
        name="conference-undo",
    ),
    path(
        "konferenzen/<int:pk>/absagen/",
        views.conference_cancel,
        name="conference-cancel",
    ),
    path(
        "konferenzen/<int:pk>/kalender.ics",
        views.conference_ics,
        name="conference-ics",
    ),
    path("kalender-abo/", views.calendar_subscription, name="calendar-subscription"),
    path(
        "kalender-feed/<str:token>.ics",
        views.calendar_feed,
        name="calendar-feed",
    ),
]
