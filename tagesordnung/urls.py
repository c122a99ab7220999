from django.urls import path

from tagesordnung import views

app_name = "tagesordnung"

urlpatterns = [
    path("themen/", views.TopicListView.as_view(), name="topic-list"),
]
