"""Agenda, topics, strategy goals, proposals and attachments."""

from django.urls import path

from tagesordnung.agenda import views

urlpatterns = [
    path("themen/", views.topic_list, name="topic-list"),
    path("themen/neu/", views.topic_create, name="topic-create"),
    path("themen/<int:pk>/bearbeiten/", views.topic_edit, name="topic-edit"),
    path("themen/<int:pk>/aktiv/", views.topic_toggle, name="topic-toggle"),
    path("ziele/neu/", views.goal_edit, name="goal-create"),
    path("ziele/<int:pk>/bearbeiten/", views.goal_edit, name="goal-edit"),
    path("konferenzen/<int:pk>/", views.agenda, name="agenda"),
    path("konferenzen/<int:pk>/punkte/neu/", views.item_create, name="item-create"),
    path(
        "konferenzen/<int:pk>/reihenfolge/",
        views.agenda_reorder,
        name="agenda-reorder",
    ),
    path(
        "konferenzen/<int:pk>/wiedervorlage/",
        views.carry_over_add,
        name="carry-over-add",
    ),
    path(
        "konferenzen/<int:pk>/export.<str:fmt>",
        views.agenda_export,
        name="agenda-export",
    ),
    path("punkte/<int:pk>/bearbeiten/", views.item_edit, name="item-edit"),
    path("punkte/<int:pk>/entfernen/", views.item_delete, name="item-delete"),
    path("punkte/<int:pk>/verschieben/", views.item_move, name="item-move"),
    path(
        "punkte/<int:pk>/anhaenge/", views.attachment_upload, name="attachment-upload"
    ),
    path("anhaenge/<int:pk>/", views.attachment_download, name="attachment-download"),
    path(
        "anhaenge/<int:pk>/entfernen/",
        views.attachment_delete,
        name="attachment-delete",
    ),
    path("vorschlaege/<int:pk>/", views.proposal_decide, name="proposal-decide"),
]
