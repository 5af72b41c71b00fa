from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


PUBLISHED_IS_FINAL = _("This version is published and can no longer change: make a new draft from it.")


class FinalOncePublished(TimeStampedModel):
    """A versioned definition that schools apply (a diagnostic instrument's
    version, a workshop template): once published it never changes. Its row
    refuses to be saved or deleted, and so do its parts (`PartOfAVersion`);
    "editing" it means copying it into a new draft. Publishing is the last
    write a version gets: the service saves a row still a draft in the database."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("version", "Draft")
        PUBLISHED = "published", pgettext_lazy("version", "Published")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.is_stored_published(self.pk):
            raise ValidationError(PUBLISHED_IS_FINAL)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_stored_published(self.pk):
            raise ValidationError(PUBLISHED_IS_FINAL)
        return super().delete(*args, **kwargs)

    @classmethod
    def dated_when_published(cls, name: str) -> models.CheckConstraint:
        """The constraint each concrete version declares: a published version
        has its date, a draft none."""
        return models.CheckConstraint(
            condition=Q(status="published", published_at__isnull=False) | Q(status="draft", published_at__isnull=True),
            name=name,
            violation_error_message=_("A published version has its publication date; a draft has none."),
        )

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @classmethod
    def is_stored_published(cls, pk: int | None) -> bool:
        """Asked of the database, not of an object in memory that may be stale."""
        return pk is not None and cls.objects.filter(pk=pk, status=cls.Status.PUBLISHED).exists()

    def clean(self) -> None:
        super().clean()
        if self.is_stored_published(self.pk):
            raise ValidationError(PUBLISHED_IS_FINAL)


class PartOfAVersion(models.Model):
    """A row of a `FinalOncePublished` version (a dimension, an item, a work
    space, a moment): it changes only while its version is a draft. Subclasses
    say how to reach the version: `version_path`, the lookup from this model to
    the version's pk ("version_id", "space__template_id")."""

    version_path = "version_id"
    version_model: type[FinalOncePublished]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._refuse_if_published()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_published()
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self._refuse_if_published()

    def _version_pks(self) -> set[int]:
        """The version the row belongs to in the database, and the one it is
        being moved to."""
        pks = set()
        if self.pk:
            pks |= set(type(self).objects.filter(pk=self.pk).values_list(self.version_path, flat=True))
        parent_field, _sep, rest = self.version_path.partition("__")
        if not rest:
            pks.add(getattr(self, parent_field))
        else:
            parent_id = getattr(self, f"{parent_field}_id", None)
            if parent_id is not None:
                parent_model = self._meta.get_field(parent_field).related_model
                pks |= set(parent_model.objects.filter(pk=parent_id).values_list(rest, flat=True))
        return {pk for pk in pks if pk is not None}

    def _refuse_if_published(self) -> None:
        if any(self.version_model.is_stored_published(pk) for pk in self._version_pks()):
            raise ValidationError(PUBLISHED_IS_FINAL)
