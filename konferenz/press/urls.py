"""Press area URLs; included into the ``konferenz`` namespace."""

from django.urls import path

from konferenz.press import views

urlpatterns = [
    path(
        "konferenzen/<int:pk>/presse/", views.press_release_detail, name="press-release"
    ),
    path(
        "konferenzen/<int:pk>/presse/entwurf/",
        views.press_release_generate,
        name="press-release-generate",
    ),
    path(
        "konferenzen/<int:pk>/presse/bearbeiten/",
        views.press_release_edit,
        name="press-release-edit",
    ),
    path(
        "konferenzen/<int:pk>/presse/freigeben/",
        views.press_release_approve,
        name="press-release-approve",
    ),
    path(
        "konferenzen/<int:pk>/presse/veroeffentlicht/",
        views.press_release_publish,
        name="press-release-publish",
    ),
    path(
        "konferenzen/<int:pk>/presse/zitate/",
        views.press_quote_add,
        name="press-quote-add",
    ),
    path(
        "konferenzen/<int:pk>/presse/zitate/<int:quote_pk>/entfernen/",
        views.press_quote_delete,
        name="press-quote-delete",
    ),
    path(
        "konferenzen/<int:pk>/presse/zitate/<int:quote_pk>/anfragen/",
        views.press_quote_step,
        {"step": "request"},
        name="press-quote-request",
    ),
    path(
        "konferenzen/<int:pk>/presse/zitate/<int:quote_pk>/uebernehmen/",
        views.press_quote_step,
        {"step": "take-over"},
        name="press-quote-take-over",
    ),
    path(
        "konferenzen/<int:pk>/presse/export.<str:fmt>",
        views.press_release_export,
        name="press-release-export",
    ),
    path(
        "konferenzen/<int:pk>/presse/fassung/<int:number>/",
        views.press_release_version,
        name="press-release-version",
    ),
]
