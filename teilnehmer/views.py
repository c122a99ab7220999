from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin

from konferenz.tenancy import TenantMixin
from teilnehmer.models import Authority


class AuthorityListView(TenantMixin, PermissionRequiredMixin, ListView):
    permission_required = "teilnehmer.view_addressbook"
    model = Authority
    paginate_by = 50


class AuthorityDetailView(TenantMixin, PermissionRequiredMixin, DetailView):
    permission_required = "teilnehmer.view_addressbook"
    model = Authority

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contacts"] = self.object.contacts.order_by("last_name", "first_name")
        return context
