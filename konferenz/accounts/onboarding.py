"""Onboarding of existing police authorities by the state administration: the
list of first Behördenadministrationen as a spreadsheet (authority code, name,
email), read with the address book's reader and checked row by row (the
plan); nothing is written here (``services.authority_admins_invite``)."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from konferenz.core.models import PoliceAuthority
from teilnehmer.addressbook import spreadsheet
from teilnehmer.addressbook.spreadsheet import ImportFileError

__all__ = ["ImportFileError", "InvitationPlan", "build_plan", "read_upload"]

# (key, heading as written in the file)
COLUMNS = [
    ("code", gettext_lazy("Authority code")),
    ("name", gettext_lazy("Name")),
    ("email", gettext_lazy("Email")),
]
#: Further headings (casefolded) found in real lists.
SPELLINGS = {
    "kürzel": "code",
    "kuerzel": "code",
    "kennung": "code",
    "press code": "code",
    "e-mail": "email",
    "e-mail-adresse": "email",
    "mail": "email",
}
#: At most this many rows: there are 47 police authorities in NRW.
MAX_ROWS = 200
NAME_MAX_LENGTH = 150
USERNAME_SUFFIX = "-admin"


def read_upload(uploaded_file):
    """Rows of the uploaded XLSX or CSV file; ``ImportFileError`` with a German
    message for a file that cannot be read as a whole."""
    spellings = {
        **SPELLINGS,
        str(PoliceAuthority._meta.get_field("press_code").verbose_name).casefold(): (
            "code"
        ),
    }
    rows = spreadsheet.read_table(
        uploaded_file,
        columns=COLUMNS,
        spellings=spellings,
        required=("code", "name", "email"),
    )
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)d rows; please split it.")
            % {"max": MAX_ROWS}
        )
    return rows


def split_name(name: str) -> tuple[str, str]:
    """First and last name of "Erika Muster" or "Muster, Erika"."""
    if "," in name:
        last, _sep, first = name.partition(",")
        return first.strip(), last.strip()
    first, _sep, last = name.strip().rpartition(" ")
    return first.strip(), last.strip()


def normalise_code(code: str) -> str:
    """ "pol-dn", "POL-DN" and "DN" are the press code DN."""
    code = code.strip().upper()
    if code.startswith("POL-"):
        code = code[4:].strip()
    return code


def suggested_username(police_authority, taken: set[str] | None = None) -> str:
    """``<code>-admin`` (``dn-admin`` as in the demo), numbered if taken;
    ``taken``: lower-cased user names already given (else read here)."""
    base = police_authority.press_code.lower() + USERNAME_SUFFIX
    if taken is None:
        taken = {
            name.lower()
            for name in get_user_model()
            .objects.filter(username__istartswith=base)
            .values_list("username", flat=True)
        }
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@dataclass
class InvitationRow:
    line: int
    code: str
    name: str
    email: str
    errors: list = field(default_factory=list)
    police_authority: PoliceAuthority | None = None
    first_name: str = ""
    last_name: str = ""
    username: str = ""


@dataclass
class InvitationPlan:
    rows: list

    @property
    def good_rows(self):
        return [row for row in self.rows if not row.errors]

    @property
    def error_rows(self):
        return [row for row in self.rows if row.errors]


def _authorities_by_code():
    authorities = PoliceAuthority.objects.annotate(
        admins=Count(
            "memberships",
            filter=Q(
                memberships__is_authority_admin=True,
                memberships__user__is_active=True,
            ),
        )
    ).only("name", "press_code")
    return {authority.press_code.upper(): authority for authority in authorities}


def _emails_in_use(rows):
    wanted = {row["email"].casefold() for row in rows if row.get("email")}
    return set(
        get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(address__in=wanted)
        .values_list("address", flat=True)
    )


def _usernames_taken():
    return {
        name.lower()
        for name in get_user_model()
        .objects.filter(username__icontains=USERNAME_SUFFIX)
        .values_list("username", flat=True)
    }


def _email_max_length():
    return get_user_model()._meta.get_field("email").max_length


def _check(row, authorities, emails_in_use, validate_email):
    errors = []
    if not row.code:
        errors.append(_("The authority code is missing."))
    else:
        row.police_authority = authorities.get(row.code)
        if row.police_authority is None:
            errors.append(_("Unknown authority code “%(code)s”.") % {"code": row.code})
        elif row.police_authority.admins:
            errors.append(
                _("%(authority)s already has an authority administration.")
                % {"authority": row.police_authority.name}
            )
    row.first_name, row.last_name = split_name(row.name)
    if not row.last_name:
        errors.append(_("The name is missing."))
    elif max(len(row.first_name), len(row.last_name)) > NAME_MAX_LENGTH:
        errors.append(
            _("The name is longer than %(max)d characters.") % {"max": NAME_MAX_LENGTH}
        )
    if not row.email:
        errors.append(_("The email address is missing."))
    else:
        try:
            if len(row.email) > _email_max_length():
                raise ValidationError("too long")
            validate_email(row.email)
        except ValidationError:
            errors.append(
                _("Invalid email address “%(value)s”.") % {"value": row.email}
            )
        else:
            if row.email.casefold() in emails_in_use:
                errors.append(_("A user with this email address already exists."))
    return errors


def build_plan(rows) -> InvitationPlan:
    """Check every row against the police authorities and the users (a fixed
    number of queries, whatever the number of rows); nothing is written."""
    authorities = _authorities_by_code()
    emails_in_use = _emails_in_use(rows)
    taken = _usernames_taken()
    validate_email = EmailValidator()
    first_of_code, first_of_email = {}, {}
    plan = InvitationPlan([])
    for index, raw in enumerate(rows):
        row = InvitationRow(
            line=raw.get("line", index + 2),
            code=normalise_code(raw.get("code", "")),
            name=" ".join(raw.get("name", "").split()),
            email=raw.get("email", "").strip(),
        )
        row.errors = _check(row, authorities, emails_in_use, validate_email)
        if row.code in first_of_code:
            row.errors.append(
                _(
                    "The authority code “%(code)s” is already in row %(line)d "
                    "of the file."
                )
                % {"code": row.code, "line": first_of_code[row.code]}
            )
        elif row.code:
            first_of_code[row.code] = row.line
        email_key = row.email.casefold()
        if email_key in first_of_email:
            row.errors.append(
                _("The email address is already in row %(line)d of the file.")
                % {"line": first_of_email[email_key]}
            )
        elif email_key:
            first_of_email[email_key] = row.line
        if not row.errors:
            row.username = suggested_username(row.police_authority, taken)
            taken.add(row.username)
        plan.rows.append(row)
    return plan
