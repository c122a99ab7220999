"""The address book as a spreadsheet: columns, reading XLSX/CSV uploads, checking
their rows against the address book (the import plan), and writing exports.

One row is one contact person with the columns of its authority; a row with no
person columns only creates or updates the authority.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.xml.functions import iterparse

from konferenz.core.i18n import in_document_language
from konferenz.documents.xlsx import FORMULA_TRIGGERS, Sheet, csv_bytes, xlsx_bytes
from teilnehmer.addressbook.models import Authority, Contact
from teilnehmer.addressbook.phones import normalise_phone
from teilnehmer.addressbook.selectors import is_similar_name

# (key, header as written in the file)
AUTHORITY_COLUMNS = [
    ("authority_name", gettext_lazy("Authority")),
    ("kind", gettext_lazy("Kind")),
    ("street", gettext_lazy("Street")),
    ("postal_code", gettext_lazy("Postal code")),
    ("city", gettext_lazy("City")),
    ("authority_email", gettext_lazy("Authority email")),
    ("authority_phone", gettext_lazy("Authority phone")),
    ("website", gettext_lazy("Website")),
]
CONTACT_COLUMNS = [
    ("salutation", gettext_lazy("Salutation")),
    ("title", gettext_lazy("Title")),
    ("first_name", gettext_lazy("First name")),
    ("last_name", gettext_lazy("Last name")),
    ("function", gettext_lazy("Function")),
    ("email", gettext_lazy("Email")),
    ("phone", gettext_lazy("Phone")),
    ("is_leadership", gettext_lazy("Leadership")),
]
COLUMNS = AUTHORITY_COLUMNS + CONTACT_COLUMNS
PERSON_KEYS = ("salutation", "title", "first_name", "last_name", "function", "email")

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: An XLSX file is a ZIP archive: 5 MB of it may unpack to gigabytes (a "zip
#: bomb"); the sizes its directory declares are the most zipfile will unpack.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5000
#: Rows read from a file at most, blank ones included: reading stops there, so
#: a small file with hundreds of thousands of rows never ties up a worker.
MAX_RAW_ROWS = 2 * MAX_ROWS + 1
YES = {"ja", "j", "x", "1", "yes", "y", "true", "wahr"}
NO = {"nein", "n", "0", "no", "false", "falsch", ""}

AUTHORITY_FIELDS = {
    "kind": "kind",
    "street": "street",
    "postal_code": "postal_code",
    "city": "city",
    "authority_email": "email",
    "authority_phone": "phone",
    "website": "website",
}
CONTACT_FIELDS = {
    key: key
    for key in (
        "salutation",
        "title",
        "first_name",
        "last_name",
        "function",
        "email",
        "phone",
        "is_leadership",
    )
}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


# Reading ------------------------------------------------------------------


def _header_map(columns, spellings):
    known = {}
    for key, label in columns:
        known[key.casefold()] = key
        known[str(label).casefold()] = key
    known.update(spellings)
    return known


#: Spellings of the address book's headings found in real address lists.
SPELLINGS = {
    "e-mail": "email",
    "e-mail-adresse": "email",
    "telefonnummer": "phone",
    "name der behörde": "authority_name",
    "behördenname": "authority_name",
}


def _printable(text):
    """Spaces of any kind become plain spaces; NUL, escape and other control
    or format characters go (PostgreSQL cannot even store NUL)."""
    return "".join(
        char if char.isprintable() else " "
        for char in text
        if char.isprintable() or char.isspace()
    )


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _printable(str(value)).strip()
    # Our own exports neutralise formula-like cells with a leading apostrophe.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        text = text[1:]
    return text


def _decode(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The CSV file is neither UTF-8 nor Windows-1252 encoded."))


def _csv_rows(data):
    text = _decode(data)
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,").delimiter
    except csv.Error:
        delimiter = ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _bounded(reader)
    except csv.Error as error:
        raise ImportFileError(
            _(
                "A cell of the CSV file is longer than %(max)d characters or "
                "the file is damaged; please check it."
            )
            % {"max": csv.field_size_limit()}
        ) from error


def _too_many_rows():
    return ImportFileError(
        _("The file has more than %(max)d rows; please split it.") % {"max": MAX_ROWS}
    )


def _bounded(rows):
    """The rows as lists, refused as soon as there are more than the limit."""
    result = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_RAW_ROWS:
            raise _too_many_rows()
        result.append(list(row))
    return result


def _count_sheet_rows(archive):
    """Refuse a workbook with too many rows in any sheet, counting them in a
    streaming read of the sheets' XML before openpyxl parses anything (it reads
    a sheet without a declared size to its end when it opens the file)."""
    for info in archive.infolist():
        name = info.filename
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        rows = 0
        with archive.open(info) as stream:
            for event, element in iterparse(stream, events=("start", "end")):
                if event == "end":
                    element.clear()  # keep memory flat on wide sheets
                    continue
                tag = element.tag.rpartition("}")[2]
                if tag == "dimension" and _declared_rows(element) > MAX_RAW_ROWS:
                    raise _too_many_rows()
                if tag == "row":
                    rows += 1
                    if rows > MAX_RAW_ROWS:
                        raise _too_many_rows()


def _declared_rows(dimension):
    """The last row of a sheet's declared size (``A1:P400001`` → 400001)."""
    last = dimension.get("ref", "").rpartition(":")[2]
    digits = "".join(char for char in last if char.isdigit())
    return int(digits) if digits else 0


def _xlsx_rows(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise ImportFileError(
                    _("The Excel file unpacks to more than %(mb)d MB; please split it.")
                    % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
                )
            _count_sheet_rows(archive)
    except (zipfile.BadZipFile, OSError, ValueError, SyntaxError) as error:
        raise ImportFileError(_("The Excel file could not be read.")) from error
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(_("The Excel file could not be read.")) from error
    try:
        sheet = workbook.worksheets[0]
        # The sheet's declared size first; a file without (or with a false)
        # dimension is still read row by row only up to the limit.
        if (sheet.max_row or 0) > MAX_RAW_ROWS:
            raise _too_many_rows()
        return _bounded(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_table(uploaded_file, *, columns, spellings, required):
    """Rows of an uploaded XLSX or CSV file as dicts of column key → text.

    ``columns`` are the (key, heading) pairs a file may have, ``spellings``
    further headings (casefolded) → key, ``required`` the keys whose column
    must be there. Each dict also carries ``line``: the row number as the
    spreadsheet shows it. Raises ``ImportFileError`` (a German message) for a
    file that cannot be read as a whole.
    """
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB."))
    name = uploaded_file.name.lower()
    data = uploaded_file.read()
    if name.endswith(".xlsx"):
        raw = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        raw = _csv_rows(data)
    else:
        raise ImportFileError(_("Please upload an Excel file (.xlsx) or a CSV file."))
    if not raw:
        raise ImportFileError(_("The file is empty."))
    known = _header_map(columns, spellings)
    header = [known.get(_cell_text(h).casefold()) for h in raw[0]]
    missing = [
        str(label) for key, label in columns if key in required and key not in header
    ]
    if missing:
        raise ImportFileError(
            _("The first row must contain the column headings; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        row = {key: "" for key, _label in columns}
        for key, value in zip(header, values, strict=False):
            if key:
                row[key] = _cell_text(value)
        if any(row.values()):
            row["line"] = number
            rows.append(row)
    if len(rows) > MAX_ROWS:
        raise _too_many_rows()
    if not rows:
        raise ImportFileError(_("The file contains no rows below the headings."))
    return rows


def read_upload(uploaded_file):
    """The address book's rows of an uploaded XLSX or CSV file (``read_table``)."""
    return read_table(
        uploaded_file,
        columns=COLUMNS,
        spellings=SPELLINGS,
        required=("authority_name", "last_name"),
    )


# Checking -----------------------------------------------------------------


def _kind_lookup():
    lookup = {}
    for value, label in Authority.Kind.choices:
        label = str(label)
        lookup[value] = value
        lookup[label.casefold()] = value
        for part in label.replace("(", "/").replace(")", "").split("/"):
            if part.strip():
                lookup.setdefault(part.strip().casefold(), value)
    return lookup


@dataclass
class RowPlan:
    line: int
    data: dict
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # create / create_earlier (an earlier row of the file creates it) /
    # update / unchanged
    authority_action: str = ""
    contact_action: str = ""  # create / update / unchanged / "" (no person)
    authority_key: str = ""
    contact_pk: int | None = None
    contact_ref: int | None = None  # index of an earlier row creating the person
    authority_created_line: int | None = None  # the row creating a new authority


@dataclass
class ImportPlan:
    rows: list

    @property
    def error_rows(self):
        return [r for r in self.rows if r.errors]

    @property
    def good_rows(self):
        return [r for r in self.rows if not r.errors]

    def count(self, what, action):
        attr = f"{what}_action"
        return sum(1 for r in self.good_rows if getattr(r, attr) == action)


_MAX_LENGTHS = {
    **{
        key: Authority._meta.get_field(name).max_length
        for key, name in AUTHORITY_FIELDS.items()
        if name not in ("kind", "email", "website")
    },
    "authority_name": Authority._meta.get_field("name").max_length,
    **{
        key: Contact._meta.get_field(key).max_length
        for key in ("title", "first_name", "last_name", "function")
    },
}


def _clean_row(row, kinds):
    """Validated, normalised values of one row and its German error messages."""
    errors = []
    data = {key: row.get(key, "") for key, _label in COLUMNS}
    if not data["authority_name"]:
        errors.append(_("The name of the authority is missing."))
    for key, limit in _MAX_LENGTHS.items():
        if limit and len(data[key]) > limit:
            errors.append(
                _("“%(column)s” is longer than %(max)d characters.")
                % {"column": dict(COLUMNS)[key], "max": limit}
            )
    if data["kind"]:
        kind = kinds.get(data["kind"].casefold())
        if kind is None:
            errors.append(
                _("Unknown kind “%(kind)s”. Allowed are: %(allowed)s.")
                % {
                    "kind": data["kind"],
                    "allowed": ", ".join(
                        str(label) for _v, label in Authority.Kind.choices
                    ),
                }
            )
        data["kind"] = kind  # None: unknown, already reported
    email_validator = EmailValidator()
    for key in ("authority_email", "email"):
        if data[key]:
            try:
                email_validator(data[key])
            except ValidationError:
                errors.append(
                    _("Invalid email address “%(value)s”.") % {"value": data[key]}
                )
    if data["website"]:
        if "://" not in data["website"]:
            data["website"] = "https://" + data["website"]
        try:
            URLValidator()(data["website"])
        except ValidationError:
            errors.append(
                _("Invalid website “%(value)s”.") % {"value": data["website"]}
            )
    for key in ("authority_phone", "phone"):
        if data[key]:
            try:
                data[key] = normalise_phone(data[key])
            except ValidationError:
                errors.append(
                    _("Invalid phone number “%(value)s”.") % {"value": data[key]}
                )
    salutation = data["salutation"]
    if salutation:
        matches = [v for v in ("Frau", "Herr") if v.casefold() == salutation.casefold()]
        if not matches:
            errors.append(
                _("Unknown salutation “%(value)s” (allowed: Frau, Herr).")
                % {"value": salutation}
            )
        data["salutation"] = matches[0] if matches else ""
    leadership = data["is_leadership"].casefold()
    if leadership in YES:
        data["is_leadership"] = True
    elif leadership in NO:
        data["is_leadership"] = None if leadership == "" else False
    else:
        errors.append(
            _("“%(value)s” in column Leadership: please write “ja” or “nein”.")
            % {"value": data["is_leadership"]}
        )
        data["is_leadership"] = None
    has_person = any(data[k] for k in PERSON_KEYS) or data["phone"]
    if has_person and not data["last_name"]:
        errors.append(_("The last name of the contact person is missing."))
    data["has_person"] = bool(has_person)
    return data, errors


def _changed(obj, mapping, data):
    """Field → new value for every non-empty cell that differs from ``obj``."""
    changes = {}
    for key, name in mapping.items():
        value = data[key]
        if value in ("", None):
            continue
        if getattr(obj, name) != value:
            changes[name] = value
    return changes


def build_plan(*, police_authority, rows):
    """Check every row against the address book; nothing is written."""
    kinds = _kind_lookup()
    authorities = {
        a.name.casefold(): a for a in Authority.objects.for_tenant(police_authority)
    }
    contacts_by_authority = {}
    for contact in Contact.objects.for_tenant(police_authority).filter(
        anonymised_at__isnull=True
    ):
        contacts_by_authority.setdefault(contact.authority_id, []).append(contact)
    emails = {}
    for contacts in contacts_by_authority.values():
        for contact in contacts:
            if contact.email:
                emails.setdefault(contact.email.casefold(), contact)
    names_by_pk = {a.pk: a.name for a in authorities.values()}

    new_authorities = {}  # casefold name → row index that creates it
    new_contacts = {}  # (authority key, match key) → row index
    plans = []
    for index, row in enumerate(rows):
        data, errors = _clean_row(row, kinds)
        plan = RowPlan(line=row.get("line", index + 2), data=data, errors=errors)
        plans.append(plan)
        if not data["authority_name"]:
            continue
        key = data["authority_name"].casefold()
        plan.authority_key = key
        existing = authorities.get(key)
        if existing is not None:
            changes = _changed(existing, AUTHORITY_FIELDS, data)
            plan.authority_action = "update" if changes else "unchanged"
        elif key in new_authorities:
            # New all the same: an earlier row of this file creates it.
            plan.authority_action = "create_earlier"
            plan.authority_created_line = plans[new_authorities[key]].line
        else:
            if data["kind"] == "":
                plan.errors.append(
                    _("The kind is missing (required for a new authority).")
                )
            plan.authority_action = "create"
            if not plan.errors:
                new_authorities[key] = index
            similar = [
                a
                for a in authorities.values()
                if is_similar_name(a.name, data["authority_name"])
            ]
            for other in similar:
                plan.warnings.append(
                    _("A similar authority already exists: “%(name)s”.")
                    % {"name": other.name}
                )
        if not data["has_person"] or plan.errors:
            continue
        email_key = data["email"].casefold()
        name_key = (data["first_name"].casefold(), data["last_name"].casefold())
        match = None
        if existing is not None:
            candidates = contacts_by_authority.get(existing.pk, [])
            if email_key:
                match = next(
                    (c for c in candidates if c.email.casefold() == email_key), None
                )
            if match is None:
                match = next(
                    (
                        c
                        for c in candidates
                        if (c.first_name.casefold(), c.last_name.casefold()) == name_key
                    ),
                    None,
                )
        earlier = new_contacts.get((key, email_key or name_key))
        if match is not None:
            changes = _changed(match, CONTACT_FIELDS, data)
            plan.contact_action = "update" if changes else "unchanged"
            plan.contact_pk = match.pk
        elif earlier is not None:
            plan.contact_action = "update"
            plan.contact_ref = earlier
        else:
            plan.contact_action = "create"
            new_contacts[(key, email_key or name_key)] = index
            other = emails.get(email_key) if email_key else None
            if other is not None:
                plan.warnings.append(
                    _(
                        "A person with this email address already exists at "
                        "“%(authority)s”: %(name)s."
                    )
                    % {
                        "authority": names_by_pk.get(other.authority_id, ""),
                        "name": other.full_name,
                    }
                )
    return ImportPlan(plans)


# Writing ------------------------------------------------------------------


def export_rows(authorities):
    """Header and one row per contact (or per authority without contacts)."""
    yield [str(label) for _key, label in COLUMNS]
    for authority in authorities:
        authority_cells = [
            authority.name,
            authority.get_kind_display(),
            authority.street,
            authority.postal_code,
            authority.city,
            authority.email,
            authority.phone,
            authority.website,
        ]
        contacts = [c for c in authority.contacts.all() if c.anonymised_at is None]
        if not contacts:
            yield authority_cells + [""] * len(CONTACT_COLUMNS)
        for contact in contacts:
            cells = authority_cells + [
                contact.salutation,
                contact.title,
                contact.first_name,
                contact.last_name,
                contact.function,
                contact.email,
                contact.phone,
                _("yes") if contact.is_leadership else _("no"),
            ]
            yield cells


@in_document_language
def write_csv(rows, *, encoding="utf-8-sig"):
    return csv_bytes(rows, encoding=encoding)


@in_document_language
def write_xlsx(rows, *, title, notes=None):
    """The address book sheet; postal codes and phone numbers stay text (leading
    zeros)."""
    sheets = [
        Sheet(
            title=title,
            rows=rows,
            freeze="A2",
            text_from_row=2,
            widths={
                column: max(14, len(str(label)) + 4)
                for column, (_key, label) in enumerate(COLUMNS, start=1)
            },
        )
    ]
    if notes:
        sheets.append(Sheet(title=_("Notes"), rows=notes, bold_rows=()))
    return xlsx_bytes(*sheets)


def template_notes():
    return [
        [_("One row per contact person; the authority columns are repeated.")],
        [_("Required: Authority, Kind (for a new authority), Last name.")],
        [_("Leadership: “ja” or “nein”. Salutation: Frau or Herr.")],
        [],
        [_("Allowed kinds:")],
        *[[str(label)] for _value, label in Authority.Kind.choices],
    ]


def template_rows():
    yield [str(label) for _key, label in COLUMNS]
    yield [
        "Staatsanwaltschaft Musterstadt",
        str(Authority.Kind.PROSECUTION.label),
        "Musterstraße 1",
        "12345",
        "Musterstadt",
        "poststelle@sta-musterstadt.example",
        "0221 4710100",
        "https://sta-musterstadt.example",
        "Frau",
        "Dr.",
        "Erika",
        "Mustermann",
        "Leitende Oberstaatsanwältin",
        "erika.mustermann@sta-musterstadt.example",
        "0221 4710101",
        "ja",
    ]
