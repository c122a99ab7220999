"""The search over agenda, minutes, decisions and actions."""

from django.urls import path

from tagesordnung.search import views

urlpatterns = [
    path("suche/", views.minutes_search, name="minutes-search"),
]
