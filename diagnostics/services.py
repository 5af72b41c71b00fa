"""Writes of the diagnostic: the instrument's versions (platform admins) and a
school's campaigns and their access codes (its director or its tutor). Each is
keyword-only, one transaction, asks `communities.access`, and leaves an audit
row where a school is concerned."""

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities import access
from communities.access import Need
from communities.models import Community, Goal, MilestoneKind, School, Skill, User
from communities.services import notices
from communities.services.audit import record_event
from communities.services.goals import set_goal
from communities.services.phases import complete_milestone_from_data
from diagnostics.models import (
    AUDIENCE_FIELDS,
    LIKERT_MAX,
    LIKERT_MIN,
    MAX_EXPECTED,
    AccessCode,
    Answer,
    Audience,
    Campaign,
    CampaignAudience,
    Dimension,
    GoalDimension,
    InstrumentVersion,
    Item,
    PaperCapturer,
    Response,
    code_hashes,
)
from diagnostics.scoring import MIN_RESPONSES

# Letters and digits nobody confuses when reading them aloud or typing them:
# no 0/O and no 1/I. Eight of them: 32⁸ ≈ 10¹² codes.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_BATCH = 500  # codes issued at once: a PDF of 50 pages

# The audit trail's verbs for the diagnostic (the core's Event.Verb lists its
# own; these are registered with their labels in diagnostics.cas).
VERB_CAMPAIGN_OPENED = "diagnostic_opened"
VERB_CAMPAIGN_CLOSED = "diagnostic_closed"
VERB_CODES_ISSUED = "diagnostic_codes"
VERB_PAPER_CAPTURED = "diagnostic_paper"
VERB_CAPTURER_NAMED = "diagnostic_capturer_named"
VERB_CAPTURER_REMOVED = "diagnostic_capturer_removed"
VERB_VERSION_PUBLISHED = "diagnostic_version_published"
VERB_VERSION_DRAFTED = "diagnostic_version_drafted"
VERBS = {
    VERB_CAMPAIGN_OPENED: gettext_lazy("opened an application of the diagnostic"),
    VERB_CAMPAIGN_CLOSED: gettext_lazy("closed an application of the diagnostic"),
    VERB_CODES_ISSUED: gettext_lazy("issued access codes of the diagnostic"),
    VERB_PAPER_CAPTURED: gettext_lazy("typed in a paper sheet of the diagnostic"),
    VERB_CAPTURER_NAMED: gettext_lazy("named someone to type in paper sheets"),
    VERB_CAPTURER_REMOVED: gettext_lazy("took back the typing in of paper sheets"),
    VERB_VERSION_PUBLISHED: gettext_lazy("published a version of the diagnostic's instrument"),
    VERB_VERSION_DRAFTED: gettext_lazy("made a new draft of the diagnostic's instrument"),
}

# Unknown and used codes get this same answer, so that nobody learns which codes exist.
INVALID_CODE = gettext_lazy(
    "This code is not valid or was already used. Check it on your slip; if it is right, ask for a new one."
)
MAX_CODE_INPUT = 64  # characters of a typed code that are read at all


# --- The instrument -----------------------------------------------------------------------------


@transaction.atomic
def publish(*, actor: User, version: InstrumentVersion) -> InstrumentVersion:
    """Publish a draft with at least one item: from now on it never changes."""
    access.require_platform_staff(actor)
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ValidationError(_("This version is already published."))
    if not version.items.exists():
        raise ValidationError(_("A version needs at least one item before it is published."))
    version.status = InstrumentVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save()
    # The platform's own catalogue: the event names no school, only who acted.
    record_event(actor=actor, verb=VERB_VERSION_PUBLISHED, subject=str(version))
    return version


@transaction.atomic
def new_draft_from(*, actor: User, version: InstrumentVersion) -> InstrumentVersion:
    """A new draft of the same instrument, numbered after its newest version, with
    a copy of this version's cut points, dimensions and items: how a published
    version is "edited"."""
    access.require_platform_staff(actor)
    newest = (
        InstrumentVersion.objects.select_for_update()
        .filter(instrument_id=version.instrument_id)
        .order_by("-number")
        .first()
    )
    draft = InstrumentVersion.objects.create(
        instrument_id=version.instrument_id,
        number=newest.number + 1,
        favorable_from=version.favorable_from,
        priority_below=version.priority_below,
    )
    copies = {}
    for dimension in version.dimensions.order_by("position", "pk"):
        copies[dimension.pk] = Dimension.objects.create(
            version=draft,
            code=dimension.code,
            name=dimension.name,
            description=dimension.description,
            position=dimension.position,
        )
    flags = list(AUDIENCE_FIELDS.values())
    Item.objects.bulk_create(
        Item(
            version=draft,
            dimension=copies[item.dimension_id],
            text=item.text,
            reverse_scored=item.reverse_scored,
            position=item.position,
            **{flag: getattr(item, flag) for flag in flags},
        )
        for item in version.items.order_by("position", "pk")
    )
    record_event(actor=actor, verb=VERB_VERSION_DRAFTED, subject=str(draft), old=str(version))
    return draft


# --- Campaigns ------------------------------------------------------------------------------------


@transaction.atomic
def open_campaign(
    *,
    actor: User,
    school: School,
    version: InstrumentVersion,
    kind: str,
    audiences: Iterable[str],
    opens_on: date,
    closes_on: date,
    expected: Mapping[str, int],
) -> Campaign:
    """Open an application of a published version at the school, for some of the
    version's audiences, each with the number of people expected to answer."""
    access.require(actor, school, Need.DIAGNOSE)
    audiences = list(dict.fromkeys(audiences))
    errors: dict[str, list[str]] = {}
    if not version.is_published:
        errors.setdefault("version", []).append(_("Choose a published version of the instrument."))
    if kind not in Campaign.Kind.values:
        errors.setdefault("kind", []).append(_("Choose baseline or follow-up."))
    if closes_on <= opens_on:
        errors.setdefault("closes_on", []).append(_("The campaign must close after the day it opens."))
    offered = version.audiences() if version.is_published else []
    if not audiences:
        errors.setdefault("audiences", []).append(_("Choose at least one audience and how many people will answer."))
    elif any(audience not in offered for audience in audiences):
        errors.setdefault("audiences", []).append(
            _("This version of the instrument asks only: %(audiences)s.")
            % {"audiences": ", ".join(str(Audience(a).label) for a in offered)}
        )
    for audience in audiences:
        count = expected.get(audience)
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_EXPECTED:
            errors.setdefault("audiences", []).append(
                _("Expect between 1 and 5,000 respondents for each audience you choose.")
            )
            break
    if errors:
        raise ValidationError(errors)
    campaign = Campaign.objects.create(
        school=school, version=version, kind=kind, opens_on=opens_on, closes_on=closes_on, created_by=actor
    )
    CampaignAudience.objects.bulk_create(
        CampaignAudience(campaign=campaign, audience=audience, expected=expected[audience]) for audience in audiences
    )
    record_event(
        school=school,
        actor=actor,
        verb=VERB_CAMPAIGN_OPENED,
        subject=f"{campaign.get_kind_display()} · {version}",
        new=f"{opens_on:%Y-%m-%d} → {closes_on:%Y-%m-%d}",
    )
    return campaign


@transaction.atomic
def close_campaign(*, actor: User, campaign: Campaign) -> Campaign:
    """Close an open campaign: its codes no longer open the questionnaire, and
    the notices asking people to type in its paper sheets stop waiting."""
    campaign = Campaign.objects.select_for_update().select_related("school").get(pk=campaign.pk)
    access.require(actor, campaign, Need.DIAGNOSE)
    if not campaign.is_open:
        raise ValidationError(_("This campaign is already closed."))
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    record_event(
        school=campaign.school,
        actor=actor,
        verb=VERB_CAMPAIGN_CLOSED,
        subject=str(campaign),
        old=Campaign.Status.OPEN,
        new=Campaign.Status.CLOSED,
    )
    capturers = [User(pk=pk) for pk in campaign.named_staff_ids()]
    notices.resolve(keys=[_capture_notice_key(campaign, person) for person in capturers])
    if campaign.is_baseline:
        _complete_the_diagnostic_milestone(campaign)
    return campaign


def _complete_the_diagnostic_milestone(campaign: Campaign) -> None:
    """A línea base closed with some group scored (an audience with at least
    MIN_RESPONSES responses) completes the Integración milestone «Diagnóstico
    del Ambiente Escolar» of the school's active CAS, through the core's
    service. A milestone already completed (by hand, for a diagnostic applied
    outside the platform) stays as it was."""
    counts = dict(
        campaign.responses.order_by().values_list("audience").annotate(n=Count("pk")).values_list("audience", "n")
    )
    if max(counts.values(), default=0) < MIN_RESPONSES:
        return
    with translation.override(settings.LANGUAGE_CODE):
        evidence = _("Baseline of the school-climate diagnostic closed on %(day)s with %(count)s responses.") % {
            "day": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
            "count": sum(counts.values()),
        }
    for community in Community.objects.active().filter(school_id=campaign.school_id):
        complete_milestone_from_data(community=community, kind=MilestoneKind.DIAGNOSTIC, evidence=evidence)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """ABCDEFGH → ABCD-EFGH, as printed and typed."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


@transaction.atomic
def issue_codes(*, actor: User, campaign: Campaign, audience: str, count: int) -> list[str]:
    """Issue `count` one-time codes for one audience of an open campaign and
    return them, formatted, this once: only their hashes are kept, so the
    caller hands them out (the PDF of slips, the list) in the same request."""
    access.require(actor, campaign.school, Need.DIAGNOSE)
    if not campaign.is_open:
        raise ValidationError(_("This campaign is closed: it issues no more codes."))
    if not campaign.audiences.filter(audience=audience).exists():
        raise ValidationError({"audience": _("Choose one of the campaign's audiences.")})
    if not 1 <= count <= MAX_BATCH:
        raise ValidationError({"count": _("Issue between 1 and %(max)s codes at a time.") % {"max": MAX_BATCH}})
    codes: dict[str, str] = {}  # hash → code
    while len(codes) < count:
        fresh = {code: code_hashes(code) for code in (_new_code() for _ in range(count - len(codes)))}
        every_hash = [digest for digests in fresh.values() for digest in digests]
        taken = set(AccessCode.objects.filter(code_hash__in=every_hash).values_list("code_hash", flat=True))
        codes |= {digests[0]: code for code, digests in fresh.items() if taken.isdisjoint(digests)}
    today = timezone.localdate()
    AccessCode.objects.bulk_create(
        AccessCode(campaign=campaign, audience=audience, code_hash=digest, issued_on=today) for digest in codes
    )
    record_event(
        school=campaign.school,
        actor=actor,
        verb=VERB_CODES_ISSUED,
        subject=f"{campaign} · {Audience(audience).label}",
        new=str(count),
    )
    return [format_code(code) for code in codes.values()]


# --- Answering ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A page of the questionnaire: one dimension, with its items for one audience,
    numbered across the whole questionnaire (`first` is its first item's number)."""

    number: int
    dimension: Dimension
    items: list[Item]
    first: int

    @property
    def numbered_items(self) -> list[tuple[int, Item]]:
        return list(enumerate(self.items, start=self.first))


def questionnaire(*, version_id: int, audience: str) -> list[Section]:
    """The version's dimensions that ask the audience something, in order, each
    with the audience's items (one query). Paper sheets number the items in this
    same order."""
    items = (
        Item.objects.filter(version_id=version_id)
        .for_audience(audience)
        .select_related("dimension")
        .order_by("dimension__position", "dimension__pk", "position", "pk")
    )
    sections: list[Section] = []
    for number, item in enumerate(items, start=1):
        if not sections or sections[-1].dimension.pk != item.dimension_id:
            sections.append(Section(number=len(sections) + 1, dimension=item.dimension, items=[], first=number))
        sections[-1].items.append(item)
    return sections


def find_code(text: str) -> AccessCode | None:
    """The unused code `text` names, with its campaign; None for an unknown and a
    used code alike. Both cost the same work: the same hashes and one query
    that finds no row (used codes are filtered out by the database, not here)."""
    digests = code_hashes(text[:MAX_CODE_INPUT])
    return (
        AccessCode.objects.select_related("campaign__school")
        .filter(code_hash__in=digests, used_on__isnull=True)
        .first()
    )


def _lock_unused(code: AccessCode) -> AccessCode:
    locked = (
        AccessCode.objects.select_for_update()
        .select_related("campaign")
        .filter(pk=code.pk, used_on__isnull=True)
        .first()
    )
    if locked is None:
        raise ValidationError(str(INVALID_CODE))
    refusal = locked.campaign.answering_refusal()
    if refusal:
        raise ValidationError(refusal)
    return locked


def _on_the_scale(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and LIKERT_MIN <= value <= LIKERT_MAX


@transaction.atomic
def save_answers(*, code: AccessCode, section: Section, values: Mapping[int, int]) -> AccessCode:
    """Keep one section's answers (every item of it, 1–5) in the code's draft, so
    that the respondent can go on later with the same code. Nothing else is kept:
    no person, no address, no time."""
    code = _lock_unused(code)
    expected = {item.pk for item in section.items}
    if set(values) != expected:
        raise ValidationError(_("Answer every question of this section, and only those."))
    if not all(_on_the_scale(value) for value in values.values()):
        raise ValidationError(_("Each answer goes from 1 to 5."))
    code.draft = {**code.draft, **{str(pk): value for pk, value in values.items()}}
    code.save(update_fields=["draft"])
    return code


def unanswered_sections(code: AccessCode, sections: list[Section]) -> list[Section]:
    """The sections with some item the code's draft has no answer for."""
    return [s for s in sections if any(not _on_the_scale(code.draft.get(str(i.pk))) for i in s.items)]


def _write_response(*, campaign: Campaign, audience: str, channel: str, values: Mapping[int, int]) -> Response:
    """An anonymous response: its campaign, audience, channel and the day only."""
    response = Response.objects.create(
        campaign=campaign, audience=audience, channel=channel, submitted_on=timezone.localdate()
    )
    Answer.objects.bulk_create(Answer(response=response, item_id=pk, value=value) for pk, value in values.items())
    return response


@transaction.atomic
def submit_answers(*, code: AccessCode) -> Response:
    """Turn the code's complete draft into an online response, mark the code used
    (the day only) and empty its draft, in one transaction. The response keeps no
    trace of the code: from now on nothing links them."""
    code = _lock_unused(code)
    sections = questionnaire(version_id=code.campaign.version_id, audience=code.audience)
    missing = unanswered_sections(code, sections)
    if missing:
        raise ValidationError(
            _("Some questions have no answer yet, in sections %(sections)s.")
            % {"sections": ", ".join(str(s.number) for s in missing)}
        )
    values = {item.pk: code.draft[str(item.pk)] for section in sections for item in section.items}
    response = _write_response(
        campaign=code.campaign, audience=code.audience, channel=Response.Channel.ONLINE, values=values
    )
    claimed = AccessCode.objects.filter(pk=code.pk, used_on__isnull=True).update(used_on=timezone.localdate(), draft={})
    if claimed != 1:  # cannot happen under the lock; refuse rather than answer twice
        raise ValidationError(str(INVALID_CODE))
    return response


# --- Paper sheets ---------------------------------------------------------------------------------

BLANK_MARKS = "0-"  # a blank or double-marked item, typed as 0 (or -)


def read_sheet(marks: str, count: int) -> list[int]:
    """The answers typed from a paper sheet, one character per item in the
    questionnaire's order (spaces ignored). A blank or double-marked item (0 or
    -) refuses the whole sheet, naming the items, so that it is set aside."""
    typed = "".join(marks.split())
    if any(ch not in "0123456789-" for ch in typed):
        raise ValidationError(_("Type only the digits 1 to 5, one per question (0 for a blank or double mark)."))
    if len(typed) != count:
        raise ValidationError(
            _("The sheet has %(count)s questions and you typed %(typed)s answers.")
            % {"count": count, "typed": len(typed)}
        )
    blank = [str(n) for n, ch in enumerate(typed, start=1) if ch in BLANK_MARKS]
    if blank:
        raise ValidationError(
            _("Questions %(items)s are blank or marked twice: set this sheet aside, it is not counted.")
            % {"items": ", ".join(blank)}
        )
    off = [str(n) for n, ch in enumerate(typed, start=1) if not LIKERT_MIN <= int(ch) <= LIKERT_MAX]
    if off:
        raise ValidationError(_("Questions %(items)s: an answer goes from 1 to 5.") % {"items": ", ".join(off)})
    return [int(ch) for ch in typed]


@transaction.atomic
def capture_paper_sheet(*, actor: User, campaign: Campaign, audience: str, marks: str) -> Response:
    """Type in one paper sheet of the audience as a paper response (anonymous,
    like the online ones); the audit trail counts who typed sheets in."""
    access.require(actor, campaign, Need.CAPTURE)
    refusal = campaign.paper_refusal()
    if refusal:
        raise ValidationError(refusal)
    if not campaign.audiences.filter(audience=audience).exists():
        raise ValidationError(_("Choose one of the campaign's audiences."))
    sections = questionnaire(version_id=campaign.version_id, audience=audience)
    items = [item for section in sections for item in section.items]
    values = read_sheet(marks, len(items))
    response = _write_response(
        campaign=campaign,
        audience=audience,
        channel=Response.Channel.PAPER,
        values={item.pk: value for item, value in zip(items, values, strict=True)},
    )
    record_event(
        school=campaign.school,
        actor=actor,
        verb=VERB_PAPER_CAPTURED,
        subject=f"{campaign} · {Audience(audience).label}",
    )
    return response


@transaction.atomic
def name_paper_capturer(*, actor: User, campaign: Campaign, person: User) -> PaperCapturer:
    """Hand the typing in of an open campaign's paper sheets to one more person
    of the school's staff (the director and the tutor type them in anyway)."""
    campaign = Campaign.objects.select_for_update().select_related("school").get(pk=campaign.pk)
    access.require(actor, campaign, Need.DIAGNOSE)
    if not campaign.is_open:
        raise ValidationError(_("This campaign is closed: no more paper sheets are typed in."))
    if not access.works_at(person, campaign.school_id):
        raise ValidationError({"person": _("Choose someone of the school's staff.")})
    if access.allows(person, campaign.school, Need.DIAGNOSE):
        raise ValidationError({"person": _("The school's director and its tutor already type in paper sheets.")})
    if campaign.paper_capturers.filter(person=person).exists():
        raise ValidationError({"person": _("This person already types in this campaign's paper sheets.")})
    named = PaperCapturer.objects.create(campaign=campaign, person=person, named_by=actor)
    record_event(school=campaign.school, actor=actor, verb=VERB_CAPTURER_NAMED, subject=person.full_name)
    notices.notify(
        recipient=person,
        kind=notices.Kind.OTHER,
        key=_capture_notice_key(campaign, person),
        message=lambda: (
            _("%(name)s asked you to type in the paper sheets of the diagnostic (%(campaign)s).")
            % {"name": actor.full_name, "campaign": campaign.get_kind_display()}
        ),
        url=reverse("diagnostics:campaign", args=[campaign.pk]) + "#paper",
    )
    return named


def _capture_notice_key(campaign: Campaign, person: User) -> str:
    return f"diagnostic-capture:{campaign.pk}:{person.pk}"


@transaction.atomic
def remove_paper_capturer(*, actor: User, campaign: Campaign, person: User) -> None:
    """Take the typing in of the campaign's paper sheets back from a person; the
    sheets they typed stay counted."""
    campaign = Campaign.objects.select_for_update().select_related("school").get(pk=campaign.pk)
    access.require(actor, campaign, Need.DIAGNOSE)
    removed, _rows = campaign.paper_capturers.filter(person=person).delete()
    if not removed:
        raise ValidationError(_("This person does not type in this campaign's paper sheets."))
    notices.resolve(keys=[_capture_notice_key(campaign, person)], recipient=person)
    record_event(school=campaign.school, actor=actor, verb=VERB_CAPTURER_REMOVED, subject=person.full_name)


# --- Into the CAS ---------------------------------------------------------------------------------


@transaction.atomic
def set_goal_from_dimension(
    *,
    actor: User,
    community: Community,
    campaign: Campaign,
    dimension: Dimension,
    statement: str,
    skill: Skill,
    indicator: str,
    unit: str,
    baseline: Decimal,
    target: Decimal,
    due_date: date,
    owner: User,
) -> Goal:
    """Set a goal of the CAS (the core's `set_goal`, which asks for Need.LEAD)
    from a dimension of a closed campaign of its school, and keep the link
    goal → dimension here."""
    if campaign.school_id != community.school_id or dimension.version_id != campaign.version_id:
        raise ValidationError(_("This dimension is not part of this school's diagnostic."))
    if campaign.is_open:
        raise ValidationError(_("Goals start from the results of a closed campaign."))
    goal = set_goal(
        actor=actor,
        community=community,
        statement=statement,
        skill=skill,
        indicator=indicator,
        unit=unit,
        baseline=baseline,
        target=target,
        due_date=due_date,
        owner=owner,
    )
    GoalDimension.objects.create(goal=goal, dimension=dimension, campaign=campaign)
    return goal
