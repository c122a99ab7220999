"""Documents of the address book: the information for a data subject
(Art. 15 GDPR) as JSON and as PDF. The spreadsheets of import and export
are in spreadsheet.py."""

import json

from django.utils import timezone
from django.utils.translation import gettext as _

from konferenz.core.i18n import in_document_language
from konferenz.documents.marking import data_subject_marking
from konferenz.documents.pdf import render_pdf
from teilnehmer.addressbook import selectors


@in_document_language
def contact_data_json(contact, *, exported_by):
    """Everything stored about the person, machine-readable."""
    data = selectors.contact_personal_data(contact=contact)
    data["exported_at"] = timezone.now().isoformat()
    data["exported_by"] = exported_by
    return json.dumps(data, ensure_ascii=False, indent=2)


@in_document_language
def contact_data_pdf(contact, *, exported_by):
    """The information request as a readable document."""
    invitations, history = selectors.contact_personal_records(contact=contact)
    return render_pdf(
        template_name="teilnehmer/addressbook/contact_data_pdf.html",
        context={
            "contact": contact,
            "invitations": invitations,
            "history": history,
            "exported_by": exported_by,
            "exported_at": timezone.localtime(),
            "footer": _("Information under Art. 15 GDPR"),
        },
        marking=data_subject_marking(authority=contact.authority.police_authority.name),
    )
