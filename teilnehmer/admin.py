from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from teilnehmer.addressbook.models import Authority, Contact
from teilnehmer.invitations.models import Invitation


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "police_authority", "city", "active"]
    list_filter = ["police_authority", "kind", "active"]
    search_fields = ["name", "city"]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "function", "authority", "active"]
    list_filter = ["authority__police_authority", "active"]
    search_fields = ["last_name", "first_name", "email", "authority__name"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["contact", "conference", "answer", "sent_at", "attended"]
    list_filter = ["answer", "conference__police_authority"]
    exclude = ["token_hash"]
