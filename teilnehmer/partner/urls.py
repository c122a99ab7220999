"""The partner link (no account), mounted at /einladung/."""

from django.urls import path

from teilnehmer.partner import views as partner_views

app_name = "partner"

urlpatterns = [
    path("antwort/", partner_views.partner_answer, name="answer"),
    path("vorschlag/", partner_views.partner_proposal, name="proposal"),
    path("anlage/<int:pk>/", partner_views.partner_attachment, name="attachment"),
    path(
        "protokoll/kommentar/",
        partner_views.partner_minutes_comment,
        name="minutes-comment",
    ),
    path(
        "massnahmen/<int:pk>/stand/",
        partner_views.partner_action_progress,
        name="action-progress",
    ),
    path("termin.ics", partner_views.partner_calendar, name="calendar"),
    path("protokoll.pdf", partner_views.partner_minutes_pdf, name="minutes-pdf"),
    path("<str:token>/", partner_views.partner_open, name="open"),
]
