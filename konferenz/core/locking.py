"""Optimistic locking: the one way an edit based on an old version is refused.

Every editable model has a ``version`` column; the form carries the version it
showed, and the service saves only if nobody saved in between.
"""


def lock_unchanged(model, pk, version, error, *, check=None):
    """Row ``pk`` of ``model``, locked for the transaction (SELECT … FOR UPDATE).

    ``check(row)`` runs first (e.g. "approved minutes cannot change"); then
    ``error`` is raised if the row's version is no longer ``version``.
    Call inside ``transaction.atomic``.
    """
    locked = model.objects.select_for_update().get(pk=pk)
    if check is not None:
        check(locked)
    if locked.version != version:
        raise error
    return locked
