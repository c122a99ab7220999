"""Permissions by role (django-rules). Views use ``permission_required`` with
these names; templates use ``{% has_perm %}`` / ``perms``.

Tenant scoping is not decided here but in ``konferenz.core.tenancy``: these rules
only say what a role may do inside its own police authority.
"""

import rules

from konferenz.core.tenancy import membership_of as _membership


@rules.predicate
def is_staff_member(user):
    """Any role in a police authority (read-only included)."""
    m = _membership(user)
    return bool(m and m.police_authority_id)


@rules.predicate
def is_organiser(user):
    m = _membership(user)
    return bool(m and m.police_authority_id and m.is_organiser)


@rules.predicate
def is_minute_taker(user):
    m = _membership(user)
    return bool(m and m.police_authority_id and m.is_minute_taker)


@rules.predicate
def is_head(user):
    m = _membership(user)
    return bool(m and m.police_authority_id and m.is_head)


@rules.predicate
def is_press_office(user):
    m = _membership(user)
    return bool(m and m.police_authority_id and m.is_press_office)


@rules.predicate
def may_read_vs_nfd(user):
    m = _membership(user)
    return bool(m and m.police_authority_id and m.may_read_vs_nfd)


@rules.predicate
def is_ministry(user):
    m = _membership(user)
    return bool(m and m.is_ministry)


@rules.predicate
def is_authority_admin(user):
    m = _membership(user)
    return bool(m and m.police_authority_id and m.is_authority_admin)


@rules.predicate
def is_superuser(user):
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


# Sets up police authorities and their first Behördenadministration: the
# ministry and the state-wide administrator (a superuser).
is_state_admin = is_ministry | is_superuser

# Staff who work with internal content (everyone in the authority except a
# press-office-only account, which sees public facts only).
is_internal_staff = is_staff_member & (
    is_organiser | is_minute_taker | is_head | ~is_press_office
)

rules.add_perm("konferenz.view_conference", is_staff_member)
rules.add_perm("konferenz.change_conference", is_organiser)
rules.add_perm("konferenz.view_internal", is_internal_staff)
rules.add_perm("konferenz.view_vs_nfd", may_read_vs_nfd)
rules.add_perm("konferenz.view_ministry_overview", is_ministry)
# Statistics of the own authority; agenda content in them follows the reader.
rules.add_perm("konferenz.view_statistics", is_staff_member)
rules.add_perm("teilnehmer.view_addressbook", is_internal_staff)
rules.add_perm("teilnehmer.change_addressbook", is_organiser)
rules.add_perm("teilnehmer.view_invitations", is_internal_staff)
rules.add_perm("teilnehmer.change_invitations", is_organiser)
rules.add_perm("tagesordnung.change_agenda", is_organiser)
rules.add_perm("tagesordnung.change_minutes", is_organiser | is_minute_taker)
rules.add_perm("tagesordnung.approve_minutes", is_head)
rules.add_perm("konferenz.view_press_release", is_staff_member)
rules.add_perm("konferenz.change_press_release", is_press_office)
rules.add_perm("konferenz.approve_press_release", is_head)
rules.add_perm("konferenz.manage_users", is_authority_admin)
rules.add_perm("konferenz.setup_authorities", is_state_admin)
