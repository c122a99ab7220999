"""Minutes, decisions and actions."""

from django.urls import path

from tagesordnung.minutes import views

urlpatterns = [
    path("konferenzen/<int:pk>/protokoll/", views.minutes_page, name="minutes"),
    path(
        "konferenzen/<int:pk>/protokoll/anlegen/",
        views.minutes_create,
        name="minutes-create",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/einstellungen/",
        views.minutes_settings,
        name="minutes-settings",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/status/",
        views.minutes_transition,
        name="minutes-transition",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/export.<str:fmt>",
        views.minutes_export,
        name="minutes-export",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/verteiler/",
        views.minutes_distribute,
        name="minutes-distribute",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/aenderungen/",
        views.minutes_diff,
        name="minutes-diff",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/verlauf/",
        views.minutes_history,
        name="minutes-history",
    ),
    path(
        "konferenzen/<int:pk>/protokoll/archiv/<int:revision>.pdf",
        views.minutes_archive,
        name="minutes-archive",
    ),
    path(
        "protokoll/eintraege/<int:pk>/bearbeiten/",
        views.entry_edit,
        name="entry-edit",
    ),
    path(
        "protokoll/eintraege/<int:pk>/beschluss/",
        views.decision_add,
        name="decision-add",
    ),
    path(
        "protokoll/eintraege/<int:pk>/massnahme/",
        views.action_add,
        name="action-add",
    ),
    path(
        "protokoll/beschluesse/<int:pk>/entfernen/",
        views.decision_delete,
        name="decision-delete",
    ),
    path(
        "protokoll/kommentare/<int:pk>/antwort/",
        views.comment_reply,
        name="comment-reply",
    ),
    path("massnahmen/", views.action_list, name="action-list"),
    path(
        "massnahmen/export.xlsx",
        views.action_list_xlsx,
        name="action-list-xlsx",
    ),
    path("massnahmen/erinnern/", views.actions_remind, name="actions-remind"),
    path(
        "massnahmen/<int:pk>/stand/",
        views.action_progress,
        name="action-progress",
    ),
    path(
        "massnahmen/<int:pk>/bearbeiten/",
        views.action_edit,
        name="action-edit",
    ),
    path(
        "massnahmen/<int:pk>/entfernen/",
        views.action_delete,
        name="action-delete",
    ),
]
