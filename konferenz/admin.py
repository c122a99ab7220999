from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from konferenz.core.models import (
    Conference,
    ConferenceTransition,
    Membership,
    OutboxMail,
    PoliceAuthority,
)


@admin.register(PoliceAuthority)
class PoliceAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "press_code", "seat"]
    list_filter = ["kind"]
    search_fields = ["name", "press_code", "seat"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "police_authority",
        "is_ministry",
        "is_organiser",
        "is_minute_taker",
        "is_head",
        "is_press_office",
        "may_read_vs_nfd",
        "is_authority_admin",
    ]
    list_filter = ["police_authority", "is_ministry", "is_authority_admin"]
    search_fields = ["user__username", "user__last_name"]
    autocomplete_fields = ["user", "police_authority"]


class ConferenceTransitionInline(admin.TabularInline):
    model = ConferenceTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]
    can_delete = False


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "police_authority", "date", "kind", "status"]
    list_filter = ["police_authority", "kind", "status"]
    search_fields = ["title"]
    date_hierarchy = "date"
    inlines = [ConferenceTransitionInline]


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    """The outbox, read only: every mail with its state, attempts and the
    mail server's answer (konferenz/core/outbox.py)."""

    list_display = [
        "pk",
        "kind",
        "status",
        "recipients",
        "subject",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["recipients", "subject", "answer"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutboxMail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
