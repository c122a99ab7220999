"""The marking of a written document (VSA, Anlage IV 1.1): ONE rule for every
PDF and DOCX SiKo writes.

A document carries, at the top edge of every page, the grade of the strictest
content it holds, the Geschäftszeichen (file reference; with "VS-NfD"
appended when the document is a VS) and the date. The level is one of the
classification values ("public", "internal", "vs_nfd"): this core module does
not import the classification rule, the callers pass what it decided.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

VS_NFD_MARKING = "VS – NUR FÜR DEN DIENSTGEBRAUCH"
INTERNAL_MARKING = "NICHT ÖFFENTLICH – NUR FÜR DIE TEILNEHMENDEN UND DEN DIENSTGEBRAUCH"
#: The information under Art. 15 GDPR goes to the person it is about, not to
#: the participants of a conference.
PERSONAL_DATA_MARKING = "PERSONENBEZOGENE DATEN – NUR FÜR DIE BETROFFENE PERSON"

GRADES = {
    "vs_nfd": VS_NFD_MARKING,
    "internal": INTERNAL_MARKING,
    "public": "",
}


@dataclass(frozen=True)
class Marking:
    #: The grade printed at the top edge ("" for a public document).
    grade: str
    #: The Geschäftszeichen as printed ("" when the authority has none).
    file_reference: str
    date: datetime.date
    #: Who wrote the document (shown in headers and as the DOCX author).
    authority: str = ""

    @property
    def is_vs(self):
        return self.grade == VS_NFD_MARKING

    @property
    def reference_line(self):
        """“Gz.: ZA 1.2 – 57.01.01 – VS-NfD · Stand: 02.12.2026”."""
        parts = []
        if self.file_reference:
            parts.append(
                gettext("File ref.: %(reference)s") % {"reference": self.file_reference}
            )
        parts.append(gettext("As of %(date)s") % {"date": f"{self.date:%d.%m.%Y}"})
        return " · ".join(parts)


def document_marking(*, level, file_reference="", authority="", date=None):
    """The marking of a document whose strictest content is at ``level``."""
    reference = file_reference.strip()
    if level == "vs_nfd" and reference and not reference.endswith("VS-NfD"):
        reference = f"{reference} – VS-NfD"
    elif level == "vs_nfd" and not reference:
        reference = "VS-NfD"
    return Marking(
        grade=GRADES[level],
        file_reference=reference,
        date=date or timezone.localdate(),
        authority=authority,
    )


def data_subject_marking(*, authority="", date=None):
    """The marking of the information a person receives about the data SiKo
    holds on them (Art. 15 GDPR): personal data, for that person only."""
    return Marking(
        grade=PERSONAL_DATA_MARKING,
        file_reference="",
        date=date or timezone.localdate(),
        authority=authority,
    )


def conference_marking(conference, *, level):
    """The marking of a document of ``conference`` at ``level``."""
    return document_marking(
        level=level,
        file_reference=conference.file_reference_display,
        authority=conference.police_authority.name,
    )
