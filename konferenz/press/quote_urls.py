"""The quoted person's link (no account), mounted at /einladung/zitat/."""

from django.urls import path

from konferenz.press import quote_views

app_name = "quote"

urlpatterns = [
    path("", quote_views.quote_page, name="page"),
    path("<int:pk>/freigeben/", quote_views.quote_approve, name="approve"),
    path("<int:pk>/aenderung/", quote_views.quote_propose, name="propose"),
    path("<str:token>/", quote_views.quote_open, name="open"),
]
