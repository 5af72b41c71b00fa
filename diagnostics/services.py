"""Writes of the diagnostic: the instrument's versions (platform admins) and a
school's campaigns and their access codes (its director or its tutor). Each is
keyword-only, one transaction, asks `communities.access`, and leaves an audit
row where a school is concerned."""

import secrets
from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.models import School, User
from communities.services.audit import record_event
from diagnostics.models import (
    AUDIENCE_FIELDS,
    MAX_EXPECTED,
    AccessCode,
    Audience,
    Campaign,
    CampaignAudience,
    Dimension,
    InstrumentVersion,
    Item,
    hash_code,
)

# Letters and digits nobody confuses when reading them aloud or typing them:
# no 0/O and no 1/I. Eight of them: 32⁸ ≈ 10¹² codes.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_BATCH = 500  # codes issued at once: a PDF of 50 pages

# The audit trail's verbs for the diagnostic (the core's Event.Verb lists its own).
VERB_CAMPAIGN_OPENED = "diagnostic_opened"
VERB_CAMPAIGN_CLOSED = "diagnostic_closed"
VERB_CODES_ISSUED = "diagnostic_codes"


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
    """Close an open campaign: its codes no longer open the questionnaire."""
    campaign = Campaign.objects.select_for_update().select_related("school").get(pk=campaign.pk)
    access.require(actor, campaign.school, Need.DIAGNOSE)
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
    return campaign


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
        fresh = {hash_code(code): code for code in (_new_code() for _ in range(count - len(codes)))}
        taken = set(AccessCode.objects.filter(code_hash__in=fresh).values_list("code_hash", flat=True))
        codes |= {digest: code for digest, code in fresh.items() if digest not in taken}
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
