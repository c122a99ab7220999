"""The address book: partner authorities and their contact persons, import,
export, duplicates and the data-protection tools."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, ListView

from konferenz.core import access, changestamp, downloads, locking
from konferenz.core.tenancy import TenantMixin, require_tenant
from konferenz.documents.xlsx import XLSX_CONTENT_TYPE
from teilnehmer.addressbook import (
    contactcheck,
    exports,
    rows,
    selectors,
    services,
    spreadsheet,
)
from teilnehmer.addressbook.forms import (
    AuthorityFilterForm,
    AuthorityForm,
    ContactForm,
    ImportUploadForm,
    MergeForm,
)
from teilnehmer.addressbook.models import AddressBookImport, Authority, Contact

VIEW = "teilnehmer.view_addressbook"
CHANGE = "teilnehmer.change_addressbook"


def _authority(request, pk):
    return access.find(request, Authority.objects, pk=pk)


def _contact(request, pk):
    return access.find(request, Contact.objects.select_related("authority"), pk=pk)


class AuthorityListView(
    TenantMixin, access.PermissionMixin, changestamp.CachedListMixin, ListView
):
    permission_required = VIEW
    model = Authority
    paginate_by = 25
    template_name = "teilnehmer/addressbook/authority_list.html"
    fragment_template = "teilnehmer/addressbook/authority_list_content.html"
    fragment_perms = (CHANGE,)
    fragment_params = ("art", "status", "page")
    fragment_fresh_params = ("q",)

    def get_queryset(self):
        self.filter_form = AuthorityFilterForm(self.request.GET or None)
        return selectors.authority_list(
            police_authority=self.tenant, **self.filter_form.filters()
        ).values(*rows.FIELDS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["export_query"] = self.request.GET.urlencode()
        # The page's rows as plain dictionaries, labelled once (issue 32).
        context["authority_list"] = rows.authority_rows(context["object_list"])
        return context


class AuthorityDetailView(TenantMixin, access.PermissionMixin, DetailView):
    permission_required = VIEW
    model = Authority
    template_name = "teilnehmer/addressbook/authority_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contacts"] = contactcheck.mark_unconfirmed(
            list(self.object.contacts.order_by("-active", "last_name", "first_name")),
            self.tenant,
        )
        context["contact_checks"] = contactcheck.checks_of_authority(self.object)
        context["invitations"] = selectors.invitation_history(authority=self.object)
        context["history"] = selectors.authority_history(authority=self.object)
        return context


@access.require(CHANGE)
def authority_create(request):
    tenant = require_tenant(request)
    form = AuthorityForm(request.POST or None, police_authority=tenant)
    if request.method == "POST" and form.is_valid():
        authority = services.authority_create(
            police_authority=tenant, user=request.user, **form.model_data
        )
        messages.success(request, _("“%(name)s” was added.") % {"name": authority.name})
        return redirect(authority)
    return render(request, "teilnehmer/addressbook/authority_form.html", {"form": form})


@access.require(CHANGE)
def authority_edit(request, pk):
    authority = _authority(request, pk)
    tenant = authority.police_authority
    form = AuthorityForm(
        request.POST or None, instance=authority, police_authority=tenant
    )
    return _edit(
        request,
        form,
        lambda **data: services.authority_update(authority=authority, **data),
        "teilnehmer/addressbook/authority_form.html",
        authority=authority,
    )


def _edit(request, form, update, template, **context):
    """The edit page of a partner authority or a contact: ``update`` saves
    the form's data unless someone saved in between (konferenz/core/locking.py)."""

    def save():
        version = form.cleaned_data["version"]
        update(version=version, user=request.user, **form.model_data)
        messages.success(request, _("The changes were saved."))
        return redirect(form.instance)

    return locking.edit(
        request,
        form,
        save=save,
        page=lambda conflict: render(
            request, template, {"form": form, **context, **conflict}
        ),
    )


@require_POST
@access.require(CHANGE)
def authority_set_active(request, pk):
    authority = _authority(request, pk)
    return _set_active(
        request,
        authority,
        lambda active: services.authority_set_active(
            authority=authority, active=active, user=request.user
        ),
        again=_("The authority is active again."),
        off=_("The authority was deactivated: it is kept, but no longer invited."),
    )


def _set_active(request, obj, switch, *, again, off):
    """Deactivate or reactivate (the posted ``active``) with ``switch``; say
    ``again`` or ``off``; back to the object's page."""
    active = request.POST.get("active") == "1"
    switch(active)
    messages.success(request, again if active else off)
    return redirect(obj)


class ContactDetailView(TenantMixin, access.PermissionMixin, DetailView):
    permission_required = VIEW
    model = Contact
    template_name = "teilnehmer/addressbook/contact_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("authority")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitations"] = self.object.invitations.select_related(
            "conference"
        ).order_by("-conference__date")
        context["history"] = selectors.contact_history(contact=self.object)
        return context


@access.require(CHANGE)
def contact_create(request, pk):
    authority = _authority(request, pk)
    form = ContactForm(request.POST or None, authority=authority)
    if request.method == "POST" and form.is_valid():
        contact = services.contact_create(
            authority=authority, user=request.user, **form.model_data
        )
        messages.success(
            request, _("“%(name)s” was added.") % {"name": contact.full_name}
        )
        return redirect(authority)
    return render(
        request,
        "teilnehmer/addressbook/contact_form.html",
        {"form": form, "authority": authority},
    )


@access.require(CHANGE)
def contact_edit(request, pk):
    contact = _contact(request, pk)
    if contact.anonymised_at:
        messages.error(request, _("An anonymised contact cannot be edited."))
        return redirect(contact)
    authority = contact.authority
    form = ContactForm(request.POST or None, instance=contact, authority=authority)
    return _edit(
        request,
        form,
        lambda **data: services.contact_update(contact=contact, **data),
        "teilnehmer/addressbook/contact_form.html",
        authority=authority,
        contact=contact,
    )


@require_POST
@access.require(CHANGE)
def contact_set_active(request, pk):
    contact = _contact(request, pk)
    if contact.anonymised_at:
        messages.error(request, _("An anonymised contact cannot be reactivated."))
        return redirect(contact)
    return _set_active(
        request,
        contact,
        lambda active: services.contact_set_active(
            contact=contact, active=active, user=request.user
        ),
        again=_("The contact person is active again."),
        off=_("The contact person was deactivated and will no longer be invited."),
    )


@require_POST
@access.require(CHANGE)
def contact_anonymise(request, pk):
    contact = _contact(request, pk)
    services.contact_anonymise(contact=contact, user=request.user)
    messages.success(
        request,
        _(
            "The personal data were removed, also from the history. "
            "Past attendance is still counted."
        ),
    )
    return redirect(contact)


def _exported_by(user):
    return user.get_full_name() or user.get_username()


@access.require(CHANGE)
def contact_data_export(request, pk):
    contact = _contact(request, pk)
    return downloads.attachment(
        exports.contact_data_json(contact, exported_by=_exported_by(request.user)),
        content_type="application/json; charset=utf-8",
        filename=_("information-person-%(pk)s.json") % {"pk": contact.pk},
    )


@require_GET
@access.require(CHANGE)
def contact_data_export_pdf(request, pk):
    """The information request (Art. 15 DSGVO) as a readable document."""
    contact = _contact(request, pk)
    return downloads.attachment(
        exports.contact_data_pdf(contact, exported_by=_exported_by(request.user)),
        content_type=downloads.PDF,
        filename=_("information-person-%(pk)s.pdf") % {"pk": contact.pk},
    )


@access.require(CHANGE)
def duplicate_list(request):
    tenant = require_tenant(request)
    return render(
        request,
        "teilnehmer/addressbook/duplicate_list.html",
        {"pairs": selectors.duplicate_contact_pairs(police_authority=tenant)},
    )


@require_POST
@access.require(CHANGE)
def contact_merge(request):
    tenant = require_tenant(request)
    form = MergeForm(request.POST)
    if not form.is_valid() or (
        form.cleaned_data["survivor"] == form.cleaned_data["duplicate"]
    ):
        messages.error(request, _("Please choose two different contact persons."))
        return redirect("teilnehmer:duplicate-list")
    contacts = Contact.objects.for_tenant(tenant)
    survivor = get_object_or_404(contacts, pk=form.cleaned_data["survivor"])
    duplicate = get_object_or_404(contacts, pk=form.cleaned_data["duplicate"])
    services.contact_merge(survivor=survivor, duplicate=duplicate, user=request.user)
    messages.success(
        request,
        _("The entries were merged; the invitations now belong to %(name)s.")
        % {"name": survivor.full_name},
    )
    return redirect(survivor)


@access.require(CHANGE)
def import_upload(request):
    tenant = require_tenant(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = spreadsheet.read_upload(upload)
        except spreadsheet.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            stored = services.import_store(
                police_authority=tenant,
                user=request.user,
                filename=upload.name,
                rows=rows,
            )
            return redirect("teilnehmer:import-preview", pk=stored.pk)
    return render(request, "teilnehmer/addressbook/import_upload.html", {"form": form})


def _upload(request, pk):
    return access.find(
        request,
        AddressBookImport.objects.select_related("police_authority"),
        pk=pk,
        created_by=request.user,
    )


@access.require(CHANGE)
def import_preview(request, pk):
    upload = _upload(request, pk)
    plan = spreadsheet.build_plan(
        police_authority=upload.police_authority, rows=upload.rows
    )
    return render(
        request,
        "teilnehmer/addressbook/import_preview.html",
        {
            "upload": upload,
            "plan": plan,
            "counts": {
                "authorities_created": plan.count("authority", "create"),
                "authorities_updated": plan.count("authority", "update"),
                "contacts_created": plan.count("contact", "create"),
                "contacts_updated": plan.count("contact", "update"),
                "errors": len(plan.error_rows),
            },
        },
    )


@require_POST
@access.require(CHANGE)
def import_confirm(request, pk):
    upload = _upload(request, pk)
    plan = services.import_apply(upload=upload, user=request.user)
    messages.success(
        request,
        _(
            "Import finished: %(created)d authorities and %(contacts)d contact "
            "persons added, %(updated)d entries updated, %(skipped)d rows with "
            "errors skipped."
        )
        % {
            "created": plan.count("authority", "create"),
            "contacts": plan.count("contact", "create"),
            "updated": plan.count("authority", "update")
            + plan.count("contact", "update"),
            "skipped": len(plan.error_rows),
        },
    )
    return redirect("teilnehmer:authority-list")


@require_POST
@access.require(CHANGE)
def import_cancel(request, pk):
    _upload(request, pk).delete()
    messages.success(request, _("The upload was discarded; nothing was changed."))
    return redirect("teilnehmer:import-upload")


XLSX = XLSX_CONTENT_TYPE


@access.require(CHANGE)
def import_template(request):
    require_tenant(request)
    content = spreadsheet.write_xlsx(
        spreadsheet.template_rows(),
        title=_("Address book"),
        notes=spreadsheet.template_notes(),
    )
    filename = _("address-book-template.xlsx")
    return downloads.attachment(content, content_type=XLSX, filename=filename)


@access.require(CHANGE)
def export(request):
    tenant = require_tenant(request)
    filters = AuthorityFilterForm(request.GET or None).filters()
    authorities = (
        selectors.authority_list(police_authority=tenant, **filters)
        .prefetch_related("contacts")
        .order_by("name")
    )
    rows = spreadsheet.export_rows(authorities)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if request.GET.get("format") == "csv":
        encoding = "cp1252" if request.GET.get("encoding") == "cp1252" else "utf-8-sig"
        return downloads.attachment(
            spreadsheet.write_csv(rows, encoding=encoding),
            content_type="text/csv; charset="
            + ("windows-1252" if encoding == "cp1252" else "utf-8"),
            filename=f"adressbuch-{stamp}.csv",
        )
    return downloads.attachment(
        spreadsheet.write_xlsx(rows, title=_("Address book")),
        content_type=XLSX,
        filename=f"adressbuch-{stamp}.xlsx",
    )
