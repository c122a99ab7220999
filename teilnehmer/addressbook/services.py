"""Everything that writes the address book (authorities and contact persons)."""

import datetime

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from konferenz.core.locking import bump, lock_unchanged
from teilnehmer.addressbook import spreadsheet
from teilnehmer.addressbook.models import AddressBookImport, Authority, Contact
from teilnehmer.invitations.models import Invitation

#: What an anonymised contact keeps as its last name.
ANONYMISED_NAME = "anonymisiert"
PERSONAL_FIELDS = ("salutation", "title", "first_name", "email", "phone")


def _save(obj, *, user, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()
    return obj


def _locked(model, obj, version):
    return lock_unchanged(model, obj.pk, version)


def _bump(obj, *, user):
    bump(obj)
    obj._history_user = user
    obj.save()
    return obj


def authority_create(*, police_authority, user, **fields) -> Authority:
    """Add a partner authority to the tenant's address book."""
    authority = Authority(police_authority=police_authority, **fields)
    authority.full_clean()
    return _save(authority, user=user)


@transaction.atomic
def authority_update(*, authority, version, user, **fields) -> Authority:
    """Save an edit, unless someone saved the authority in between."""
    locked = _locked(Authority, authority, version)
    for name, value in fields.items():
        setattr(locked, name, value)
    if "active" in fields:
        locked.inactive_since = None if locked.active else timezone.now()
    return _bump(locked, user=user)


@transaction.atomic
def authority_set_active(*, authority, active, user) -> Authority:
    """Deactivate (no longer invited, kept for history) or reactivate."""
    authority = Authority.objects.select_for_update().get(pk=authority.pk)
    if authority.active == active:
        return authority
    authority.active = active
    authority.inactive_since = None if active else timezone.now()
    return _bump(authority, user=user)


def contact_create(*, authority, user, **fields) -> Contact:
    """Add a contact person to an authority."""
    contact = Contact(authority=authority, **fields)
    return _save(contact, user=user)


@transaction.atomic
def contact_update(*, contact, version, user, **fields) -> Contact:
    """Save an edit, unless someone saved the contact in between."""
    locked = _locked(Contact, contact, version)
    for name, value in fields.items():
        setattr(locked, name, value)
    if "active" in fields:
        locked.inactive_since = None if locked.active else timezone.now()
    return _bump(locked, user=user)


@transaction.atomic
def contact_set_active(*, contact, active, user) -> Contact:
    """Deactivate (not invited any more) or reactivate a contact."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.active == active:
        return contact
    contact.active = active
    contact.inactive_since = None if active else timezone.now()
    return _bump(contact, user=user)


def _repoint(model, *, old, new, skip=()):
    """Point every row of other apps that refers to ``old`` at ``new`` instead
    (history copies, which refer without a constraint, stay as they were)."""
    for relation in model._meta.related_objects:
        if (
            not relation.one_to_many
            or relation.on_delete is models.DO_NOTHING
            or relation.related_model in skip
        ):
            continue
        name = relation.field.name
        relation.related_model._base_manager.filter(**{name: old}).update(**{name: new})


@transaction.atomic
def contact_merge(*, survivor, duplicate, user) -> Contact:
    """Merge ``duplicate`` into ``survivor``: invitations move, gaps are filled,
    the duplicate is deleted (its history stays)."""
    if survivor.pk == duplicate.pk:
        raise ValueError("A contact cannot be merged with itself.")
    survivor = Contact.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Contact.objects.select_for_update().get(pk=duplicate.pk)
    taken = {
        inv.conference_id: inv
        for inv in Invitation.objects.filter(contact=survivor).select_for_update()
    }
    for invitation in Invitation.objects.filter(contact=duplicate).select_for_update():
        kept = taken.get(invitation.conference_id)
        if kept is None:
            invitation.contact = survivor
            invitation._history_user = user
            invitation.save(update_fields=["contact"])
            continue
        # Both were invited to the same conference (one invitation per contact
        # and conference): keep the survivor's, carrying over what only the
        # duplicate's knows.
        if kept.answer == Invitation.Answer.OPEN and invitation.answer != kept.answer:
            for name in (
                "answer",
                "deputy_name",
                "deputy_function",
                "deputy_email",
                "comment",
                "answered_at",
                "answer_recorded_by_staff",
            ):
                setattr(kept, name, getattr(invitation, name))
        if kept.attended is None and invitation.attended is not None:
            kept.attended = invitation.attended
        kept._history_user = user
        kept.save()
        # What hangs on the dropped invitation (e.g. topic proposals) moves too.
        _repoint(Invitation, old=invitation, new=kept)
        invitation._history_user = user
        invitation.delete()
    for name in ("salutation", "title", "first_name", "function", "email", "phone"):
        if not getattr(survivor, name) and getattr(duplicate, name):
            setattr(survivor, name, getattr(duplicate, name))
    _repoint(Contact, old=duplicate, new=survivor, skip=(Invitation,))
    survivor.is_leadership = survivor.is_leadership or duplicate.is_leadership
    survivor._change_reason = f"merged with #{duplicate.pk}"
    _bump(survivor, user=user)
    duplicate._history_user = user
    duplicate._change_reason = f"merged into #{survivor.pk}"
    duplicate.delete()
    return survivor


@transaction.atomic
def contact_anonymise(*, contact, user) -> Contact:
    """Clear the person's data here and in every history copy; invitations and
    attendance stay so that past conferences keep their numbers."""
    contact = Contact.all_objects.select_for_update().get(pk=contact.pk)
    cleared = dict.fromkeys(PERSONAL_FIELDS, "")
    cleared["last_name"] = ANONYMISED_NAME
    now = timezone.now()
    for name, value in cleared.items():
        setattr(contact, name, value)
    contact.active = False
    contact.inactive_since = contact.inactive_since or now
    contact.anonymised_at = now
    _bump(contact, user=user)
    contact.history.all().update(**cleared)
    # A comment may name the person; deputies are someone else and stay.
    Invitation.objects.filter(contact=contact).update(comment="")
    Invitation.history.filter(contact_id=contact.pk).update(comment="")
    return contact


def contacts_due_for_purge(*, now, retention_days):
    """Contacts inactive (or of an inactive authority) for longer than the
    retention period and not anonymised yet, deputies awaiting confirmation
    included."""
    cutoff = now - datetime.timedelta(days=retention_days)
    return Contact.all_objects.filter(anonymised_at__isnull=True).filter(
        Q(active=False, inactive_since__lt=cutoff)
        | Q(authority__active=False, authority__inactive_since__lt=cutoff)
    )


def contacts_purge(*, now, retention_days, user=None) -> int:
    """Anonymise every contact past the retention period; returns how many."""
    count = 0
    for contact in contacts_due_for_purge(now=now, retention_days=retention_days):
        contact_anonymise(contact=contact, user=user)
        count += 1
    return count


def import_store(*, police_authority, user, filename, rows) -> AddressBookImport:
    """Keep the parsed upload on the server until it is confirmed."""
    stale = timezone.now() - datetime.timedelta(days=1)
    AddressBookImport.objects.filter(created_at__lt=stale).delete()
    AddressBookImport.objects.filter(
        police_authority=police_authority, created_by=user
    ).delete()
    return AddressBookImport.objects.create(
        police_authority=police_authority,
        created_by=user,
        filename=filename[:255],
        rows=rows,
    )


@transaction.atomic
def import_apply(*, upload, user):
    """Write the error-free rows of a confirmed upload; returns the plan used.

    The plan is built again from the stored rows against the address book as
    it is now, so a change made since the preview is respected.
    """
    police_authority = upload.police_authority
    plan = spreadsheet.build_plan(police_authority=police_authority, rows=upload.rows)
    authorities = {
        a.name.casefold(): a
        for a in Authority.objects.for_tenant(police_authority).select_for_update()
    }
    contacts = {
        c.pk: c
        for c in Contact.objects.for_tenant(police_authority).select_for_update()
    }
    new_authorities, changed_authorities = [], {}
    for row in plan.good_rows:
        data = row.data
        fields = {
            name: data[key]
            for key, name in spreadsheet.AUTHORITY_FIELDS.items()
            if data[key] not in ("", None)
        }
        if row.authority_action == "create" and row.authority_key not in authorities:
            authority = Authority(
                police_authority=police_authority, name=data["authority_name"], **fields
            )
            authorities[row.authority_key] = authority
            new_authorities.append(authority)
        elif row.authority_action == "update":
            authority = authorities[row.authority_key]
            for name, value in fields.items():
                setattr(authority, name, value)
            if authority.pk:
                changed_authorities[authority.pk] = authority
    bulk_create_with_history(new_authorities, Authority, default_user=user)
    if new_authorities and new_authorities[0].pk is None:
        # Databases without RETURNING: fetch the keys by name.
        by_name = {
            a.name: a
            for a in Authority.objects.for_tenant(police_authority).filter(
                name__in=[a.name for a in new_authorities]
            )
        }
        for key, authority in list(authorities.items()):
            if authority.pk is None:
                authorities[key] = by_name[authority.name]
    now = timezone.now()
    for authority in changed_authorities.values():
        bump(authority)
        authority.updated_at = now
    bulk_update_with_history(
        list(changed_authorities.values()),
        Authority,
        [*spreadsheet.AUTHORITY_FIELDS.values(), "version", "updated_at"],
        default_user=user,
    )

    new_contacts, changed_contacts = [], {}
    created_by_row = {}
    for index, row in enumerate(plan.rows):
        if row.errors or not row.contact_action:
            continue
        data = row.data
        fields = {
            name: data[key]
            for key, name in spreadsheet.CONTACT_FIELDS.items()
            if data[key] not in ("", None)
        }
        if row.contact_action == "create":
            contact = Contact(authority=authorities[row.authority_key], **fields)
            created_by_row[index] = contact
            new_contacts.append(contact)
        elif row.contact_ref is not None:
            contact = created_by_row[row.contact_ref]
            for name, value in fields.items():
                setattr(contact, name, value)
        elif row.contact_action == "update":
            contact = contacts[row.contact_pk]
            for name, value in fields.items():
                setattr(contact, name, value)
            changed_contacts[contact.pk] = contact
    bulk_create_with_history(new_contacts, Contact, default_user=user)
    for contact in changed_contacts.values():
        bump(contact)
        contact.updated_at = now
    bulk_update_with_history(
        list(changed_contacts.values()),
        Contact,
        [*spreadsheet.CONTACT_FIELDS.values(), "version", "updated_at"],
        default_user=user,
    )
    upload.delete()
    return plan
