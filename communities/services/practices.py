from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.markdown import render_markdown
from communities.models import (
    Community,
    Practice,
    PracticeFeedback,
    PracticeFile,
    PracticeUse,
    School,
    Scope,
    Skill,
    User,
)
from communities.models.schools import Level

MAX_FILES = 5


def _authors_cas(actor: User, school: School) -> Community | None:
    """The CAS at this school the author belongs to, if any: a practice shared
    "with my CAS" goes to that one."""
    return Community.objects.active().with_member(actor).filter(school=school).order_by("-school_year").first()


def _check_sharing(community: Community | None, scope: str) -> None:
    if scope not in Scope.values:
        raise ValidationError({"scope": _("Choose with whom to share it.")})
    if scope == Scope.COMMUNITY and community is None:
        raise ValidationError({"scope": _("To share it with your CAS you must belong to one at this school.")})


def _attach(practice: Practice, files: Sequence[UploadedFile]) -> None:
    if practice.files.count() + len(files) > MAX_FILES:
        raise ValidationError({"files": _("A practice can have up to %(count)s files.") % {"count": MAX_FILES}})
    for upload in files:
        PracticeFile.objects.create(practice=practice, file=upload, original_name=upload.name[:255], size=upload.size)


@transaction.atomic
def share_practice(
    *,
    actor: User,
    school: School,
    scope: Scope,
    kind: Practice.Kind,
    title: str,
    summary: str,
    level: Level,
    steps: str,
    grade: str = "",
    subject: str = "",
    duration: str = "",
    materials: str = "",
    skills: Iterable[Skill] = (),
    files: Sequence[UploadedFile] = (),
) -> Practice:
    """Put a practice in the bank, shared with the CAS, the school or all schools.
    Files were checked by content and size in the form's validators."""
    access.require(actor, school, Need.SHARE)
    community = _authors_cas(actor, school)
    _check_sharing(community, scope)
    practice = Practice.objects.create(
        author=actor,
        school=school,
        community=community,
        scope=scope,
        kind=kind,
        title=" ".join(title.split()),
        summary=summary.strip(),
        level=level,
        grade=grade.strip(),
        subject=subject.strip(),
        duration=duration.strip(),
        steps=steps.strip(),
        steps_html=render_markdown(steps),
        materials=materials.strip(),
    )
    practice.skills.set(skills)
    _attach(practice, list(files))
    return practice


@transaction.atomic
def update_practice(
    *,
    actor: User,
    practice: Practice,
    scope: Scope,
    kind: Practice.Kind,
    title: str,
    summary: str,
    level: Level,
    steps: str,
    grade: str = "",
    subject: str = "",
    duration: str = "",
    materials: str = "",
    skills: Iterable[Skill],
    files: Sequence[UploadedFile] = (),
) -> Practice:
    """The author edits their practice, changes with whom it is shared, and may
    add files (up to five in all)."""
    access.require(actor, practice, Need.EDIT)
    access.require(actor, practice.school, Need.SHARE)
    practice.community = practice.community or _authors_cas(actor, practice.school)
    _check_sharing(practice.community, scope)
    practice.scope, practice.kind, practice.level = scope, kind, level
    practice.title = " ".join(title.split())
    practice.summary, practice.steps, practice.materials = summary.strip(), steps.strip(), materials.strip()
    practice.grade, practice.subject, practice.duration = grade.strip(), subject.strip(), duration.strip()
    practice.steps_html = render_markdown(practice.steps)
    practice.save()
    practice.skills.set(skills)
    _attach(practice, list(files))
    return practice


@transaction.atomic
def mark_practice_used(*, actor: User, practice: Practice, used: bool = True) -> bool:
    """'La usé': a person marks (or unmarks) that they used the practice."""
    access.require(actor, practice, Need.VIEW)
    if used:
        PracticeUse.objects.get_or_create(practice=practice, user=actor)
    else:
        PracticeUse.objects.filter(practice=practice, user=actor).delete()
    return used


@transaction.atomic
def give_practice_feedback(*, actor: User, practice: Practice, body: str) -> PracticeFeedback:
    """Someone who can see a practice comments on it."""
    access.require(actor, practice, Need.VIEW)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the comment.")})
    return PracticeFeedback.objects.create(practice=practice, author=actor, body=body)
