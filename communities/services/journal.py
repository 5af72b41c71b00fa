from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.access import is_member, visible_reflections
from communities.markdown import render_markdown
from communities.models import (
    Community,
    Goal,
    Meeting,
    Notification,
    Reflection,
    ReflectionComment,
    ReflectionPrompt,
    Skill,
    TeachingDimension,
    User,
    Visibility,
    WorkSpace,
)


def notify(*, recipient: User, message: str, url: str) -> Notification:
    """Leave a line in the person's notifications."""
    return Notification.objects.create(recipient=recipient, message=message[:300], url=url[:300])


def _validate(
    community: Community,
    visibility: str,
    written_on: date,
    meeting: Meeting | None,
    goal: Goal | None,
    workspace: str,
) -> None:
    errors = {}
    if visibility not in Visibility.values:
        errors["visibility"] = _("Choose who can read the entry.")
    if workspace and workspace not in WorkSpace.values:
        errors["workspace"] = _("Choose one of the workshop's work spaces.")
    if written_on > timezone.localdate():
        errors["written_on"] = _("The date cannot be in the future.")
    if meeting is not None and meeting.community_id != community.pk:
        errors["meeting"] = _("Choose a meeting of this CAS.")
    if goal is not None and goal.community_id != community.pk:
        errors["goal"] = _("Choose a goal of this CAS.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def write_reflection(
    *,
    actor: User,
    community: Community,
    title: str,
    body: str,
    visibility: str,
    written_on: date | None = None,
    dimensions: list[TeachingDimension] = (),
    skills: list[Skill] = (),
    prompt: ReflectionPrompt | None = None,
    meeting: Meeting | None = None,
    goal: Goal | None = None,
    workspace: str = "",
) -> Reflection:
    """A member writes a journal entry; its Markdown is rendered and sanitised once."""
    if not is_member(community, actor):
        raise PermissionDenied(_("Only members of the CAS write in its journal."))
    written_on = written_on or timezone.localdate()
    _validate(community, visibility, written_on, meeting, goal, workspace)
    reflection = Reflection.objects.create(
        community=community,
        author=actor,
        title=" ".join(title.split()),
        body=body.strip(),
        body_html=render_markdown(body),
        visibility=visibility,
        written_on=written_on,
        prompt=prompt,
        meeting=meeting,
        goal=goal,
        workspace=workspace,
    )
    reflection.dimensions.set(dimensions)
    reflection.skills.set(skills)
    return reflection


@transaction.atomic
def update_reflection(*, actor: User, reflection: Reflection, **fields) -> Reflection:
    """The author edits their entry (and may change who reads it)."""
    if reflection.author_id != actor.pk:
        raise PermissionDenied(_("Only the author edits an entry."))
    dimensions, skills = fields.pop("dimensions", None), fields.pop("skills", None)
    fields.pop("community", None)  # an entry stays in its CAS
    _validate(
        reflection.community,
        fields.get("visibility", reflection.visibility),
        fields.get("written_on", reflection.written_on),
        fields.get("meeting"),
        fields.get("goal"),
        fields.get("workspace", reflection.workspace),
    )
    for name, value in fields.items():
        setattr(reflection, name, value)
    reflection.title = " ".join(reflection.title.split())
    reflection.body_html = render_markdown(reflection.body)
    reflection.save()
    if dimensions is not None:
        reflection.dimensions.set(dimensions)
    if skills is not None:
        reflection.skills.set(skills)
    return reflection


@transaction.atomic
def delete_reflection(*, actor: User, reflection: Reflection) -> None:
    if reflection.author_id != actor.pk:
        raise PermissionDenied(_("Only the author deletes an entry."))
    reflection.delete()


@transaction.atomic
def comment_on_reflection(*, actor: User, reflection: Reflection, body: str) -> ReflectionComment:
    """Someone who can read a shared entry comments on it; the author is told."""
    if not visible_reflections(actor).filter(pk=reflection.pk).exists():
        raise PermissionDenied
    if not reflection.is_shared:
        raise ValidationError(_("Private entries take no comments."))
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the comment.")})
    comment = ReflectionComment.objects.create(reflection=reflection, author=actor, body=body)
    if actor.pk != reflection.author_id:
        notify(
            recipient=reflection.author,
            message=_("%(name)s commented on your entry «%(title)s».")
            % {"name": actor.full_name, "title": reflection.title},
            url=reverse("communities:reflection", args=[reflection.pk]) + f"#comment-{comment.pk}",
        )
    return comment


def mark_notifications_read(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
