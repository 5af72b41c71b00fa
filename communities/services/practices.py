from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.access import visible_practices
from communities.markdown import render_markdown
from communities.models import (
    Community,
    Practice,
    PracticeFeedback,
    PracticeFile,
    PracticeUse,
    School,
    Scope,
    StaffMembership,
    User,
)

MAX_FILES = 5


def _authors_cas(actor: User, school: School) -> Community | None:
    """The CAS at this school the author belongs to, if any: a practice shared
    "with my CAS" goes to that one."""
    return Community.objects.active().with_member(actor).filter(school=school).order_by("-school_year").first()


def _check_sharing(actor: User, school: School, community: Community | None, scope: str) -> None:
    if not StaffMembership.objects.filter(user=actor, school=school).exists():
        raise PermissionDenied(_("You can only share practices of a school where you work."))
    if scope not in Scope.values:
        raise ValidationError({"scope": _("Choose with whom to share it.")})
    if scope == Scope.COMMUNITY and community is None:
        raise ValidationError({"scope": _("To share it with your CAS you must belong to one at this school.")})


def _attach(practice: Practice, files) -> None:
    if practice.files.count() + len(files) > MAX_FILES:
        raise ValidationError({"files": _("A practice can have up to %(count)s files.") % {"count": MAX_FILES}})
    for upload in files:
        PracticeFile.objects.create(practice=practice, file=upload, original_name=upload.name[:255], size=upload.size)


@transaction.atomic
def share_practice(
    *,
    actor: User,
    school: School,
    scope: str,
    skills=(),
    files=(),
    **fields,
) -> Practice:
    """Put a practice in the bank, shared with the CAS, the school or all schools.
    Files were checked by content and size in the form's validators."""
    community = _authors_cas(actor, school)
    _check_sharing(actor, school, community, scope)
    practice = Practice.objects.create(
        author=actor,
        school=school,
        community=community,
        scope=scope,
        steps_html=render_markdown(fields.get("steps", "")),
        **fields,
    )
    practice.skills.set(skills)
    _attach(practice, list(files))
    return practice


@transaction.atomic
def update_practice(*, actor: User, practice: Practice, skills=None, files=(), **fields) -> Practice:
    if practice.author_id != actor.pk:
        raise PermissionDenied(_("Only the author edits a practice."))
    practice.community = practice.community or _authors_cas(actor, practice.school)
    _check_sharing(actor, practice.school, practice.community, fields.get("scope", practice.scope))
    for name, value in fields.items():
        setattr(practice, name, value)
    practice.steps_html = render_markdown(practice.steps)
    practice.save()
    if skills is not None:
        practice.skills.set(skills)
    _attach(practice, list(files))
    return practice


def _require_visible(practice: Practice, actor: User) -> None:
    if not visible_practices(actor).filter(pk=practice.pk).exists():
        raise PermissionDenied


@transaction.atomic
def mark_practice_used(*, actor: User, practice: Practice, used: bool = True) -> bool:
    """'La usé': a person marks (or unmarks) that they used the practice."""
    _require_visible(practice, actor)
    if used:
        PracticeUse.objects.get_or_create(practice=practice, user=actor)
    else:
        PracticeUse.objects.filter(practice=practice, user=actor).delete()
    return used


@transaction.atomic
def give_practice_feedback(*, actor: User, practice: Practice, body: str) -> PracticeFeedback:
    _require_visible(practice, actor)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the comment.")})
    return PracticeFeedback.objects.create(practice=practice, author=actor, body=body)
