from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import access, extensions
from communities.access import Need
from communities.markdown import render_markdown
from communities.models import (
    Community,
    Goal,
    Meeting,
    Reflection,
    ReflectionComment,
    ReflectionPrompt,
    Skill,
    TeachingDimension,
    User,
    Visibility,
)
from communities.services import notices


def _validate(
    *, community: Community, visibility: str, written_on: date, meeting: Meeting | None, goal: Goal | None
) -> None:
    errors = {}
    if visibility not in Visibility.values:
        errors["visibility"] = _("Choose who can read the entry.")
    if written_on > timezone.localdate():
        errors["written_on"] = _("The date cannot be in the future.")
    if meeting is not None and meeting.community_id != community.pk:
        errors["meeting"] = _("Choose a meeting of this CAS.")
    if goal is not None and goal.community_id != community.pk:
        errors["goal"] = _("Choose a goal of this CAS.")
    if errors:
        raise ValidationError(errors)


def _save_extras(entry: Reflection, extras: Mapping[str, Any]) -> None:
    """Hand each satellite's entry field its value (see communities.extensions)."""
    unknown = set(extras) - set(extensions.registry.entry_fields)
    if unknown:
        raise ValidationError(_("Unknown field: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    for name, value in extras.items():
        extensions.registry.entry_fields[name].save(entry, value)


@transaction.atomic
def write_reflection(
    *,
    actor: User,
    community: Community,
    title: str,
    body: str,
    visibility: Visibility,
    written_on: date | None = None,
    dimensions: Iterable[TeachingDimension] = (),
    skills: Iterable[Skill] = (),
    prompt: ReflectionPrompt | None = None,
    meeting: Meeting | None = None,
    goal: Goal | None = None,
    extras: Mapping[str, Any] | None = None,
) -> Reflection:
    """A member writes a journal entry; its Markdown is rendered and sanitised
    once. `extras` are the values of the fields satellites add to the form."""
    access.require(actor, community, Need.PARTICIPATE)
    written_on = written_on or timezone.localdate()
    _validate(community=community, visibility=visibility, written_on=written_on, meeting=meeting, goal=goal)
    entry = Reflection.objects.create(
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
    )
    entry.dimensions.set(dimensions)
    entry.skills.set(skills)
    _save_extras(entry, extras or {})
    return entry


@transaction.atomic
def update_reflection(
    *,
    actor: User,
    reflection: Reflection,
    title: str,
    body: str,
    visibility: Visibility,
    written_on: date,
    dimensions: Iterable[TeachingDimension],
    skills: Iterable[Skill],
    meeting: Meeting | None,
    goal: Goal | None,
    extras: Mapping[str, Any] | None = None,
) -> Reflection:
    """The author edits their entry (and may change who reads it). The entry
    stays in its CAS and keeps its prompt."""
    access.require(actor, reflection, Need.EDIT)
    _validate(community=reflection.community, visibility=visibility, written_on=written_on, meeting=meeting, goal=goal)
    reflection.title = " ".join(title.split())
    reflection.body = body.strip()
    reflection.body_html = render_markdown(reflection.body)
    reflection.visibility = visibility
    reflection.written_on = written_on
    reflection.meeting = meeting
    reflection.goal = goal
    reflection.save(
        update_fields=["title", "body", "body_html", "visibility", "written_on", "meeting", "goal", "updated_at"]
    )
    reflection.dimensions.set(dimensions)
    reflection.skills.set(skills)
    _save_extras(reflection, extras or {})
    return reflection


@transaction.atomic
def delete_reflection(*, actor: User, reflection: Reflection) -> None:
    """The author deletes their entry, with its comments."""
    access.require(actor, reflection, Need.EDIT)
    reflection.delete()


@transaction.atomic
def comment_on_reflection(*, actor: User, reflection: Reflection, body: str) -> ReflectionComment:
    """Someone who can read a shared entry comments on it; the author is told."""
    access.require(actor, reflection, Need.COMMENT)
    if not reflection.is_shared:
        raise ValidationError(_("Private entries take no comments."))
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the comment.")})
    comment = ReflectionComment.objects.create(reflection=reflection, author=actor, body=body)
    notices.comment_added(comment=comment, actor=actor)
    return comment
