"""The start page."""

from django.urls import path

from konferenz.dashboard import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
