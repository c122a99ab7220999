"""The URLs of the konferenz app, in one namespace ("konferenz:…")."""

from konferenz.accounts import urls as account_urls
from konferenz.conferences import urls as conference_urls
from konferenz.dashboard import urls as dashboard_urls
from konferenz.press import urls as press_urls
from konferenz.statistics import urls as statistics_urls

app_name = "konferenz"

urlpatterns = (
    dashboard_urls.urlpatterns
    + conference_urls.urlpatterns
    + press_urls.urlpatterns
    + account_urls.urlpatterns
    + statistics_urls.urlpatterns
)
