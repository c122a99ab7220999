from django.contrib import admin

from tagesordnung.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "police_authority", "is_decree_topic", "position", "active"]
    list_filter = ["is_decree_topic", "active"]
