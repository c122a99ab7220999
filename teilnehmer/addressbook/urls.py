from django.urls import path

from teilnehmer.addressbook import contactcheck_views, views

app_name = "teilnehmer"

urlpatterns = [
    path("", views.AuthorityListView.as_view(), name="authority-list"),
    path("neu/", views.authority_create, name="authority-create"),
    path("<int:pk>/", views.AuthorityDetailView.as_view(), name="authority-detail"),
    path("<int:pk>/bearbeiten/", views.authority_edit, name="authority-edit"),
    path("<int:pk>/aktiv/", views.authority_set_active, name="authority-set-active"),
    path(
        "<int:pk>/kontaktpruefung/",
        contactcheck_views.authority_contact_check,
        name="authority-contact-check",
    ),
    path(
        "kontaktpruefung/",
        contactcheck_views.contact_check_overview,
        name="contact-check",
    ),
    path(
        "kontaktpruefung/<int:pk>/uebernehmen/",
        contactcheck_views.contact_check_decide,
        {"decision": "accept"},
        name="contact-check-accept",
    ),
    path(
        "kontaktpruefung/<int:pk>/ablehnen/",
        contactcheck_views.contact_check_decide,
        {"decision": "reject"},
        name="contact-check-reject",
    ),
    path("<int:pk>/personen/neu/", views.contact_create, name="contact-create"),
    path(
        "personen/<int:pk>/", views.ContactDetailView.as_view(), name="contact-detail"
    ),
    path("personen/<int:pk>/bearbeiten/", views.contact_edit, name="contact-edit"),
    path(
        "personen/<int:pk>/aktiv/", views.contact_set_active, name="contact-set-active"
    ),
    path(
        "personen/<int:pk>/anonymisieren/",
        views.contact_anonymise,
        name="contact-anonymise",
    ),
    path(
        "personen/<int:pk>/auskunft/",
        views.contact_data_export,
        name="contact-data-export",
    ),
    path(
        "personen/<int:pk>/auskunft.pdf",
        views.contact_data_export_pdf,
        name="contact-data-export-pdf",
    ),
    path("dubletten/", views.duplicate_list, name="duplicate-list"),
    path("dubletten/zusammenfuehren/", views.contact_merge, name="contact-merge"),
    path("import/", views.import_upload, name="import-upload"),
    path("import/vorlage/", views.import_template, name="import-template"),
    path("import/<int:pk>/", views.import_preview, name="import-preview"),
    path("import/<int:pk>/bestaetigen/", views.import_confirm, name="import-confirm"),
    path("import/<int:pk>/verwerfen/", views.import_cancel, name="import-cancel"),
    path("export/", views.export, name="export"),
]
