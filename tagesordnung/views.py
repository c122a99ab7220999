from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from konferenz.tenancy import TenantMixin
from tagesordnung.models import Topic


class TopicListView(TenantMixin, PermissionRequiredMixin, ListView):
    permission_required = "konferenz.view_conference"
    model = Topic
