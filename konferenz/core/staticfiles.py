"""Static file URLs, looked up once per process.

``{% static %}`` asks the manifest storage for a file's hashed URL on every
render (manifest lookup, URL join, unquoting; base.html has five). The
manifest does not change while a process runs (``collectstatic`` comes with
a restart), so each name's URL is kept after its first lookup. A missing file
still raises every time, as before.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
