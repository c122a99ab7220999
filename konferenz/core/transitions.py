"""The one shape of a status workflow: a table of which status may follow
which, and the one check against it.

The conference (konferenz.core.workflow), the minutes
(tagesordnung.minutes.services) and the press release
(konferenz.press.services) each declare their table with
:class:`StatusTable`; their services call :meth:`StatusTable.check` before a
step. See docs/architecture.md, "Where each rule lives".
"""


class StatusTable:
    """``allowed``: ``{status: {statuses that may follow}}`` of one
    ``TextChoices`` class; ``message``: the refusal, with ``%(from)s`` and
    ``%(to)s`` (the statuses' labels)."""

    def __init__(self, status, allowed, *, message):
        self.status = status
        self.allowed = {
            status(current): frozenset(status(target) for target in targets)
            for current, targets in allowed.items()
        }
        self.message = message

    def targets(self, current):
        """The statuses that may follow ``current``, in declaration order."""
        following = self.allowed.get(self.status(current), frozenset())
        return [status for status in self.status if status in following]

    def allows(self, current, target):
        return self.status(target) in self.allowed.get(self.status(current), ())

    def refusal(self, current, target):
        """Why ``current`` may not become ``target``, or ``None``."""
        current, target = self.status(current), self.status(target)
        if target in self.allowed.get(current, ()):
            return None
        return self.message % {"from": current.label, "to": target.label}

    def check(self, current, target, error):
        """Raise ``error(message)`` unless ``current`` may become ``target``."""
        message = self.refusal(current, target)
        if message:
            raise error(message)
