from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from konferenz.models import PoliceAuthority
from konferenz.tenancy import TenantQuerySet


class Classification(models.TextChoices):
    """DESIGN.md §4: who may read an agenda item, minute entry or attachment."""

    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal (not public)")
    VS_NFD = "vs_nfd", _("VS – For official use only")


class TopicQuerySet(TenantQuerySet):
    def for_tenant(self, police_authority):
        """The standard topics of the decree plus the authority's own."""
        if not police_authority:
            return self.none()
        return self.filter(
            Q(police_authority__isnull=True) | Q(police_authority=police_authority)
        )


class Topic(models.Model):
    """A topic of the catalogue; standard topics have no police authority."""

    police_authority = models.ForeignKey(
        PoliceAuthority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("police authority"),
    )
    name = models.CharField(_("name"), max_length=200)
    is_decree_topic = models.BooleanField(
        _("topic of the decree"),
        default=False,
        help_text=_("One of the topics the ministry's decree names."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    active = models.BooleanField(_("active"), default=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["police_authority", "name"],
                name="topic_unique_name_per_tenant",
            ),
        ]

    def __str__(self):
        return self.name
