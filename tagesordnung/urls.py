"""The URLs of agenda, minutes and search, mounted at /tagesordnung/ in one
namespace ("tagesordnung:…")."""

from tagesordnung.agenda import urls as agenda_urls
from tagesordnung.minutes import urls as minutes_urls
from tagesordnung.search import urls as search_urls

app_name = "tagesordnung"

urlpatterns = (
    agenda_urls.urlpatterns + minutes_urls.urlpatterns + search_urls.urlpatterns
)
