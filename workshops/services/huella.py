"""Huella colectiva: each participant's milestones, and their light on each
axis of the self-assessment."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.models import User
from workshops.models import AssessmentAxis, AxisRating, Light, PathMilestone, Workshop, WorkSpace
from workshops.models.huella import FIRST_YEAR
from workshops.services.common import clean_text, open_space_of

SPACE = WorkSpace.HUELLA_COLECTIVA


def _checked(*, year: int, title: str, meaning: str, kind: str) -> dict:
    errors = {}
    last = timezone.localdate().year + 1
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= last:
        errors["year"] = [_("Write a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": last}]
    if kind not in PathMilestone.Kind.values:
        errors["kind"] = [_("Choose training, experience, challenge or learning.")]
    fields = {}
    for name, value, limit in (("title", title, 120), ("meaning", meaning, 1000)):
        try:
            fields[name] = clean_text(value, field=name, limit=limit)
        except ValidationError as error:
            errors |= error.message_dict
    if errors:
        raise ValidationError(errors)
    return fields | {"year": year, "kind": kind}


@transaction.atomic
def add_path_milestone(
    *, actor: User, workshop: Workshop, year: int, title: str, meaning: str, kind: str
) -> PathMilestone:
    """A milestone of the participant's own professional path, while the space is open."""
    access.require(actor, workshop, Need.PARTICIPATE)
    open_space_of(workshop, SPACE)
    return PathMilestone.objects.create(
        workshop=workshop, author=actor, **_checked(year=year, title=title, meaning=meaning, kind=kind)
    )


@transaction.atomic
def change_path_milestone(
    *, actor: User, milestone: PathMilestone, year: int, title: str, meaning: str, kind: str
) -> PathMilestone:
    access.require(actor, milestone, Need.EDIT)
    open_space_of(milestone.workshop, SPACE)
    for name, value in _checked(year=year, title=title, meaning=meaning, kind=kind).items():
        setattr(milestone, name, value)
    milestone.save()
    return milestone


@transaction.atomic
def remove_path_milestone(*, actor: User, milestone: PathMilestone) -> None:
    access.require(actor, milestone, Need.EDIT)
    open_space_of(milestone.workshop, SPACE)
    milestone.delete()


@transaction.atomic
def rate_axes(*, actor: User, workshop: Workshop, lights: dict[int, str]) -> int:
    """The participant's light on each axis they rate (axis pk → light); a new
    light replaces their earlier one. Returns how many axes they rated."""
    access.require(actor, workshop, Need.PARTICIPATE)
    open_space_of(workshop, SPACE)
    axes = set(AssessmentAxis.objects.filter(template_id=workshop.template_id).values_list("pk", flat=True))
    if not lights:
        raise ValidationError(_("Choose a light for at least one axis."))
    if not set(lights) <= axes or any(light not in Light.values for light in lights.values()):
        raise ValidationError(_("Choose green, yellow or red for the axes shown."))
    for axis_pk, light in lights.items():
        AxisRating.objects.update_or_create(workshop=workshop, axis_id=axis_pk, rater=actor, defaults={"light": light})
    return len(lights)
