from django.contrib import admin

from tagesordnung.agenda.models import (
    AgendaItem,
    Attachment,
    Proposal,
    StrategyGoal,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "police_authority", "is_decree_topic", "position", "active"]
    list_filter = ["is_decree_topic", "active"]


@admin.register(StrategyGoal)
class StrategyGoalAdmin(admin.ModelAdmin):
    list_display = ["name", "police_authority", "active"]
    list_filter = ["police_authority", "active"]
    filter_horizontal = ["topics"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["original_name", "classification", "size", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "conference", "position", "classification", "kind"]
    list_filter = ["classification", "kind"]
    list_select_related = ["conference"]
    raw_id_fields = ["conference", "presenter_contact", "proposal"]
    inlines = [AttachmentInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "conference", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["conference", "invitation", "decided_by"]
