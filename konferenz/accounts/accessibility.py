"""The Erklärung zur Barrierefreiheit of each police authority (§ 10b BGG NRW,
BITV NRW; the federal model is § 7 BITV 2.0): public, reachable from the foot
of every page, also before login and from the partners' pages.

SiKo writes the page; each authority keeps in its settings how far SiKo
conforms, which content is known not to, and who takes feedback. Without
its own text the authority's statement shows the standard text below.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from konferenz.core.models import AccessibilityConformity, PoliceAuthority

#: The day SiKo's standard statement was last checked (shown until the
#: authority saves its own statement).
STANDARD_REVIEWED_ON = datetime.date(2026, 12, 6)

#: The enforcement body for public bodies of NRW (§§ 10d, 10e BGG NRW,
#: §§ 9 ff. BITV NRW), named with its public page; no contact details are
#: copied here, so that they cannot go stale.
ENFORCEMENT_URL = "https://www.lbbp.nrw.de/ombudsstelle"

STANDARD = "WCAG 2.1, Level AA (EN 301 549, BITV NRW)"


def standard_limitations():
    """What SiKo itself knows not to be fully accessible, with the way round."""
    return [
        _(
            "Documents generated as PDF (agenda, minutes, sign-in sheet, press "
            "release) may not be fully tagged for screen readers. On request you "
            "receive their content as a Word file or as text by email."
        ),
        _(
            "The charts of the statistics are pictures; each chart has its figures "
            "as a table directly below it."
        ),
    ]


@dataclass(frozen=True)
class Statement:
    authority: PoliceAuthority
    conformity: str
    conformity_text: str
    limitations: list
    own_limitations: str
    reviewed_on: datetime.date
    email: str
    phone: str
    address: str
    mail_subject: str
    enforcement_url: str = ENFORCEMENT_URL
    standard: str = STANDARD


def _conformity_text(conformity, authority):
    texts = {
        AccessibilityConformity.FULL: _(
            "SiKo, the web application of %(authority)s for its security "
            "conferences, is fully compliant with %(standard)s."
        ),
        AccessibilityConformity.PARTIAL: _(
            "SiKo, the web application of %(authority)s for its security "
            "conferences, is partially compliant with %(standard)s because of "
            "the exceptions listed below."
        ),
        AccessibilityConformity.NONE: _(
            "SiKo, the web application of %(authority)s for its security "
            "conferences, is not compliant with %(standard)s yet. The content "
            "that is not accessible is listed below."
        ),
    }
    text = texts.get(conformity, texts[AccessibilityConformity.PARTIAL])
    return text % {"authority": authority.name, "standard": STANDARD}


def statement_of(authority):
    """The statement of ``authority`` as the page shows it."""
    own = authority.accessibility_limitations.strip()
    return Statement(
        authority=authority,
        conformity=authority.accessibility_conformity,
        conformity_text=_conformity_text(authority.accessibility_conformity, authority),
        limitations=[] if own else standard_limitations(),
        own_limitations=own,
        reviewed_on=authority.accessibility_reviewed_on or STANDARD_REVIEWED_ON,
        email=authority.accessibility_email,
        phone=authority.accessibility_phone,
        address=authority.address,
        mail_subject=_("Barrier in SiKo"),
    )


def authority_by_code(code):
    """The police authority of a statement address (its press code, any case)."""
    return PoliceAuthority.objects.filter(press_code__iexact=code).first()


def statement_list():
    """Every police authority with the address code of its statement."""
    return [
        (authority.name, authority.press_code.lower())
        for authority in PoliceAuthority.objects.order_by("name").only(
            "name", "press_code"
        )
    ]
