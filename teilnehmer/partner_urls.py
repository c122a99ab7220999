"""The partner link (no account), mounted at /einladung/."""

from django.urls import path

from teilnehmer import partner_views

app_name = "partner"

urlpatterns = [
    path("antwort/", partner_views.partner_answer, name="answer"),
    path("vorschlag/", partner_views.partner_proposal, name="proposal"),
    path("anlage/<int:pk>/", partner_views.partner_attachment, name="attachment"),
    path("<str:token>/", partner_views.partner_open, name="open"),
]
