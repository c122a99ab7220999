"""The partner link (no account), mounted at /einladung/."""

from django.urls import path

from teilnehmer import partner_views

app_name = "partner"

urlpatterns = [
    path("antwort/", partner_views.partner_answer, name="answer"),
    path("<str:token>/", partner_views.partner_open, name="open"),
]
