"""State overview (ministry) and statistics (staff); in the ``konferenz`` namespace."""

from django.urls import path

from konferenz.statistics import views

urlpatterns = [
    path("landesuebersicht/", views.ministry_overview, name="ministry-overview"),
    path(
        "landesuebersicht/export.xlsx",
        views.ministry_overview_xlsx,
        name="ministry-overview-xlsx",
    ),
    path(
        "landesuebersicht/behoerde/<int:pk>/",
        views.ministry_authority,
        name="ministry-authority",
    ),
    path("landesuebersicht/themen/", views.ministry_topics, name="ministry-topics"),
    path(
        "landesuebersicht/themen/export.xlsx",
        views.ministry_topics_xlsx,
        name="ministry-topics-xlsx",
    ),
    path("statistik/", views.authority_statistics, name="statistics"),
    path(
        "statistik/export.xlsx",
        views.authority_statistics_xlsx,
        name="statistics-xlsx",
    ),
]
