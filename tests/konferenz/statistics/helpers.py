"""Helpers of the statistics tests."""

from tagesordnung.agenda.models import Topic


def formal_topic(name):
    """A formal item of the shared catalogue (welcome, any other business …)."""
    topic, _ = Topic.objects.get_or_create(
        police_authority=None, name=name, defaults={"is_formal": True}
    )
    return topic
