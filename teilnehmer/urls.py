from django.urls import path

from teilnehmer import views

app_name = "teilnehmer"

urlpatterns = [
    path("", views.AuthorityListView.as_view(), name="authority-list"),
    path("<int:pk>/", views.AuthorityDetailView.as_view(), name="authority-detail"),
]
