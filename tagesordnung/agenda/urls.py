from django.urls import path

from tagesordnung import minutes_views, views

app_name = "tagesordnung"

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
    # Minutes (Protokoll)
    path("konferenzen/<int:pk>/protokoll/", minutes_views.minutes_page, name="minutes"),
    path(
        "konferenzen/<int:pk>/protokoll/anlegen/",
        minutes_views.minutes_create,
        name="minutes-create",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/einstellungen/",
        minutes_views.minutes_settings,
        name="minutes-settings",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/status/",
        minutes_views.minutes_transition,
        name="minutes-transition",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/export.<str:fmt>",
        minutes_views.minutes_export,
        name="minutes-export",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/verteiler/",
        minutes_views.minutes_distribute,
        name="minutes-distribute",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/aenderungen/",
        minutes_views.minutes_diff,
        name="minutes-diff",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/verlauf/",
        minutes_views.minutes_history,
        name="minutes-history",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/archiv/<int:revision>.pdf",
        minutes_views.minutes_archive,
        name="minutes-archive",
    ),
    path(
        "protokoll/eintraege/<int:pk>/bearbeiten/",
        minutes_views.entry_edit,
        name="entry-edit",
    ),
    path(
        "protokoll/eintraege/<int:pk>/beschluss/",
        minutes_views.decision_add,
        name="decision-add",
    ),
    path(
        "protokoll/eintraege/<int:pk>/massnahme/",
        minutes_views.action_add,
        name="action-add",
    ),
    path(
        "protokoll/beschluesse/<int:pk>/entfernen/",
        minutes_views.decision_delete,
        name="decision-delete",
    ),
    path(
        "protokoll/kommentare/<int:pk>/antwort/",
        minutes_views.comment_reply,
        name="comment-reply",
    ),
    path("massnahmen/", minutes_views.action_list, name="action-list"),
    path(
        "massnahmen/export.xlsx",
        minutes_views.action_list_xlsx,
        name="action-list-xlsx",
    ),
    path("massnahmen/erinnern/", minutes_views.actions_remind, name="actions-remind"),
    path(
        "massnahmen/<int:pk>/stand/",
        minutes_views.action_progress,
        name="action-progress",
    ),
    path(
        "massnahmen/<int:pk>/bearbeiten/",
        minutes_views.action_edit,
        name="action-edit",
    ),
    path(
        "massnahmen/<int:pk>/entfernen/",
        minutes_views.action_delete,
        name="action-delete",
    ),
    path("suche/", minutes_views.minutes_search, name="minutes-search"),
]
