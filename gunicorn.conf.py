"""gunicorn settings of SiKo, read from the working directory by default
(``gunicorn konferenz.wsgi`` started in the repository root).

The access log (``--access-logfile -`` or ``accesslog``) never shows the
secret of a partner link, a calendar feed or a password reset: every atom of
the log line (request line, path, query, referer …) and the error log passes through
``konferenz.core.logmask.mask`` (issue 29). Everything else stays as given on
the command line (README, "Betrieb").
"""

import os
import sys

from gunicorn.glogging import Logger

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from konferenz.core.logmask import SecretsFilter, mask  # noqa: E402


class MaskingLogger(Logger):
    """gunicorn's logger with the secrets of SiKo's URLs masked: in the
    access log and in the error log ("Error handling request /einladung/…")."""

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, SecretsFilter) for f in self.error_log.filters):
            self.error_log.addFilter(SecretsFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask(value) for key, value in atoms.items()}


logger_class = MaskingLogger
