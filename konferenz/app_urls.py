from django.urls import path

from konferenz import views
from konferenz.press import urls as press_urls

app_name = "konferenz"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("konferenzen/", views.ConferenceListView.as_view(), name="conference-list"),
    path(
        "konferenzen/<int:pk>/",
        views.ConferenceDetailView.as_view(),
        name="conference-detail",
    ),
    path("landesuebersicht/", views.ministry_overview, name="ministry-overview"),
]
urlpatterns += press_urls.urlpatterns
