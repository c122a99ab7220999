"""The contact person's check link (no account), mounted at /einladung/kontakt/."""

from django.urls import path

from teilnehmer.addressbook import contactcheck_views as views

app_name = "contactcheck"

urlpatterns = [
    path("", views.check_page, name="page"),
    path("bestaetigen/", views.check_confirm, name="confirm"),
    path("korrektur/", views.check_correct, name="correct"),
    path("nachfolge/", views.check_successor, name="successor"),
    path("<str:token>/", views.check_open, name="open"),
]
