"""Staff pages of a conference's invitations, mounted at
/konferenzen/<pk>/einladungen/."""

from django.urls import path

from teilnehmer.invitations import views

app_name = "invitations"

urlpatterns = [
    path("", views.invitation_overview, name="overview"),
    path("auswaehlen/", views.invitees_add, name="invitees-add"),
    path("versenden/", views.invitations_send, name="send"),
    path("erinnern/", views.invitations_remind, name="remind"),
    path("einlass/", views.checkin, name="checkin"),
    path("einlass/nachmeldung/", views.checkin_walk_in, name="checkin-walk-in"),
    path(
        "einlass/<int:invitation_pk>/",
        views.checkin_toggle,
        name="checkin-toggle",
    ),
    path("teilnehmende.xlsx", views.attendance_xlsx, name="attendance-xlsx"),
    path("anwesenheitsliste.pdf", views.signin_sheet_pdf, name="signin-sheet"),
    path(
        "<int:invitation_pk>/antwort/",
        views.invitation_record_answer,
        name="record-answer",
    ),
    path("<int:invitation_pk>/verlauf/", views.invitation_history, name="history"),
    path("<int:invitation_pk>/sperren/", views.invitation_revoke, name="revoke"),
    path("<int:invitation_pk>/neuer-link/", views.invitation_reissue, name="reissue"),
    path("<int:invitation_pk>/entfernen/", views.invitation_remove, name="remove"),
    path(
        "<int:invitation_pk>/vertretung-uebernehmen/",
        views.deputy_confirm,
        name="deputy-confirm",
    ),
]
