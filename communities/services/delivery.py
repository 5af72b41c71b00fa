"""Delivering notices and reminders, exactly once, the way each person chose.

A `Delivery` is one notice for one person: its kind, its ledger key (kind,
object, recipient, occurrence), the notice's own key, and its message and
link, written in the recipient's language when they are delivered. `deliver`
takes any number of them in batches; for each batch, in one transaction, it

1. leaves out those whose ledger key is already in `Reminder` (delivered
   before, by this job run twice or by another worker);
2. writes the `Reminder` rows (a unique key: two workers racing make one of
   the batches fail, and it is tried again without the keys the other took);
3. leaves the in-app notices, and, by the recipient's channel for the kind,
   the e-mail (HTML and text, with a one-click link to turn the kind off) in
   the outbox or a line in their next daily digest.

The claim and what it writes commit together: a batch killed half-way leaves
nothing, so the next run delivers it whole. A batch costs a fixed number of
queries whatever its size.
"""

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from communities import extensions
from communities.emails import queue_emails
from communities.models import (
    Channel,
    DigestItem,
    Event,
    NoticePreference,
    Notification,
    Reminder,
    StaffMembership,
    User,
)
from communities.models.journal import NoticeKind, notice_kinds
from communities.services.audit import record_event

BATCH = 1000
UNSUBSCRIBE_SALT = "communities.delivery.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 90  # a link in an e-mail works for 90 days

# The channel each role gets by default, per kind ("" is anyone the roles do
# not name). Directors get the day's business in their digest; what waits on
# a person today comes by e-mail.
CORE_DEFAULTS: dict[str, dict[str, str]] = {
    NoticeKind.INVITATION: {"": Channel.APP},  # the invitation itself comes by e-mail
    NoticeKind.PROPOSAL: {"": Channel.APP},
    NoticeKind.MINUTES: {"": Channel.APP, "director": Channel.DIGEST},
    NoticeKind.PHASE_REVIEW: {"": Channel.EMAIL},
    NoticeKind.PHASE_RETURNED: {"": Channel.EMAIL},
    NoticeKind.AGREEMENT_ASSIGNED: {"": Channel.EMAIL, "director": Channel.DIGEST},
    NoticeKind.AGREEMENT_OVERDUE: {"": Channel.EMAIL, "director": Channel.DIGEST},
    NoticeKind.COMMENT: {"": Channel.APP},
    NoticeKind.OTHER: {"": Channel.APP},
    NoticeKind.MEETING_SOON: {"": Channel.EMAIL},
    NoticeKind.MEETING_NOW: {"": Channel.APP},
    NoticeKind.AGREEMENT_DUE: {"": Channel.EMAIL},
    NoticeKind.JOURNAL_QUIET: {"": Channel.DIGEST},
    NoticeKind.PHASE_WAITING: {"": Channel.EMAIL},
    NoticeKind.INVITATION_WAITING: {"": Channel.EMAIL},
    NoticeKind.TUTOR_WEEKLY: {"": Channel.EMAIL},
    NoticeKind.SUMMARY_PUBLISHED: {"": Channel.APP},
    # A new request for the administrators, by e-mail; the answer for the person, by e-mail.
    NoticeKind.DATA_REQUEST: {"": Channel.EMAIL},
}
# Roles in the order a person's own role is looked up (one who directs a school
# and teaches at another gets the director's defaults).
ROLE_ORDER = (StaffMembership.Role.DIRECTOR, StaffMembership.Role.TUTOR, StaffMembership.Role.TEACHER)


@dataclass(frozen=True)
class Delivery:
    """One notice for one person. `message()` is called in the recipient's
    language. `notice_key` keys the in-app notice (`proposal:12`): a person has
    one notice per thing. `channel`, when set, overrides the person's choice
    (an overdue agreement always goes to the director's digest)."""

    kind: str
    recipient_id: int
    key: str
    message: Callable[[], str]
    url: str
    notice_key: str | None = None
    channel: str | None = None
    renew: bool = False  # the thing waits on the person again: their notice comes back unread
    # A longer e-mail: (heading, lines) under the message, in the recipient's language.
    details: Callable[[], Sequence[tuple[str, Sequence[str]]]] | None = None


@dataclass
class Outcome:
    delivered: int = 0
    already: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)


def default_channel(kind: str, roles: set[str]) -> str:
    defaults = CORE_DEFAULTS.get(kind)
    if defaults is None:
        registered = extensions.registry.notice_kinds.get(kind)
        defaults = dict(registered.defaults) if registered else {"": Channel.APP}
    for role in ROLE_ORDER:
        if role in roles and role in defaults:
            return defaults[role]
    return defaults.get("", Channel.APP)


def channels_for(people: Iterable[int], kinds: Iterable[str]) -> dict[tuple[int, str], str]:
    """(person, kind) → channel, chosen or by default, for many people at once (two queries)."""
    people, kinds = set(people), set(kinds)
    chosen = {
        (row.user_id, row.kind): row.channel
        for row in NoticePreference.objects.filter(user_id__in=people, kind__in=kinds)
    }
    roles: dict[int, set[str]] = {}
    for user_id, role in StaffMembership.objects.filter(user_id__in=people).values_list("user_id", "role"):
        roles.setdefault(user_id, set()).add(role)
    return {
        (person, kind): chosen.get((person, kind)) or default_channel(kind, roles.get(person, set()))
        for person in people
        for kind in kinds
    }


def _batches(items: Iterable[Delivery], size: int) -> Iterator[list[Delivery]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def deliver(items: Iterable[Delivery], *, batch_size: int = BATCH) -> Outcome:
    """Deliver each item once (see the module's docstring). Returns how many
    were delivered now, how many had been before, and by which channel."""
    outcome = Outcome()
    for batch in _batches(items, batch_size):
        for attempt in range(3):
            try:
                with transaction.atomic():
                    _deliver_batch(batch, outcome)
                break
            except IntegrityError:
                # Another worker took some of these keys in the meantime: try
                # again, and the keys it took are left out.
                if attempt == 2:
                    raise
    return outcome


def _deliver_batch(batch: list[Delivery], outcome: Outcome) -> None:
    unique = {item.key: item for item in batch}  # a key twice in one batch counts once
    taken = set(Reminder.objects.filter(key__in=unique).values_list("key", flat=True))
    fresh = [item for key, item in unique.items() if key not in taken]
    outcome.already += len(batch) - len(fresh)
    if not fresh:
        return
    people = {u.pk: u for u in User.objects.filter(pk__in={i.recipient_id for i in fresh}, is_active=True)}
    fresh = [item for item in fresh if item.recipient_id in people]
    channels = channels_for(people, {item.kind for item in fresh})
    chosen = {item.key: item.channel or channels[(item.recipient_id, item.kind)] for item in fresh}
    Reminder.objects.bulk_create(
        Reminder(key=item.key, kind=item.kind, recipient_id=item.recipient_id, channel=chosen[item.key])
        for item in fresh
    )
    notices, digest_lines, emails = [], [], []
    frames: dict = {}  # the batch's e-mails of one kind and language share a frame (`_email`)
    for item in fresh:
        person, channel = people[item.recipient_id], chosen[item.key]
        outcome.by_channel[channel] = outcome.by_channel.get(channel, 0) + 1
        if channel == Channel.OFF:  # turned off: counted as delivered, nothing shown
            continue
        with translation.override(person.language):
            message = str(item.message())[:300]
            notices.append(
                (
                    item,
                    Notification(
                        recipient=person, kind=item.kind, key=item.notice_key, message=message, url=item.url[:300]
                    ),
                )
            )
            if channel == Channel.DIGEST:
                digest_lines.append(DigestItem(recipient=person, kind=item.kind, message=message, url=item.url[:300]))
            elif channel == Channel.EMAIL:
                details = item.details() if item.details else ()
                emails.append(_email(person, item.kind, message, item.url, details, frames=frames))
    _leave_notices(notices)
    DigestItem.objects.bulk_create(digest_lines)
    queue_emails(emails)
    outcome.delivered += len(fresh)


def _leave_notices(notices: list[tuple[Delivery, Notification]]) -> None:
    """One notice per thing and person: a renewed one comes back unread, as new."""
    renewed = [row for item, row in notices if item.renew and row.key is not None]
    kept = [row for item, row in notices if not (item.renew and row.key is not None)]
    Notification.objects.bulk_create(kept, ignore_conflicts=True)
    if renewed:
        Notification.objects.bulk_create(
            renewed,
            update_conflicts=True,
            unique_fields=["recipient", "key"],
            update_fields=["message", "url", "created_at", "read_at"],
        )


# --- E-mail ------------------------------------------------------------------------------------


def kind_label(kind: str) -> str:
    """The kind's label (the core's first, as `notice_kinds` lists them): a
    lookup, not the list of every kind built again for each e-mail of a fan-out."""
    try:
        return str(NoticeKind(kind).label)
    except ValueError:
        registered = extensions.registry.notice_kinds.get(kind)
        return str(registered.label) if registered is not None else kind


def unsubscribe_token(user: User, kind: str) -> str:
    """A signed, expiring token that turns one kind of notice off for one person."""
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object({"u": user.pk, "k": kind}, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(person, kind) of a valid token; `signing.BadSignature` (or its subclass
    `SignatureExpired`) for a forged, altered or expired one."""
    data = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).unsign_object(token, max_age=UNSUBSCRIBE_MAX_AGE)
    if not (isinstance(data, dict) and isinstance(data.get("u"), int) and isinstance(data.get("k"), str)):
        raise signing.BadSignature("Not an unsubscribe token")
    return data["u"], data["k"]


_PLACEHOLDER = "0-placeholder-0"


# The same for every e-mail of a fan-out: worked out once, not 100,000 times.
@functools.cache
def _unsubscribe_path() -> str:
    return reverse("unsubscribe", args=[_PLACEHOLDER])


@functools.cache
def _preferences_path() -> str:
    return reverse("notice_preferences")


_NOTICE_TEMPLATES = ("communities/email/notice.txt", "communities/email/notice.html")
# What changes from one person to the next in a notice e-mail without details:
# the frame of a kind and language is rendered once with these in their place.
_SLOTS = {"name": "\ue000name\ue000", "message": "\ue000message\ue000", "link": "\ue000link\ue000"}
_SLOTS["unsubscribe"] = "\ue000unsubscribe\ue000"
_SLOT = re.compile("|".join(re.escape(slot) for slot in _SLOTS.values()))


def _email(person: User, kind: str, message: str, url: str, details=(), *, frames: dict | None = None) -> dict:
    """One notice as an e-mail in the person's language (the caller activated
    it), with the link that turns this kind off and the List-Unsubscribe
    headers mail programs offer as a button. A fan-out passes `frames`: its
    e-mails without details are filled in from one rendering per kind and
    language (two templates an e-mail were a third of a fan-out's time)."""
    off = settings.SITE_URL + _unsubscribe_path().replace(_PLACEHOLDER, unsubscribe_token(person, kind))
    values = {
        "name": person.full_name,
        "message": message,
        "link": url if url.startswith("http") else settings.SITE_URL + url,
        "unsubscribe": off,
    }
    if frames is None or details:
        text, html = _render_notice(kind, values, details)
    else:
        key = (kind, translation.get_language())
        if key not in frames:
            frames[key] = _render_notice(kind, _SLOTS, ())
        text_frame, html_frame = frames[key]
        text, html = _fill(text_frame, values, escape_values=False), _fill(html_frame, values, escape_values=True)
    return {
        "to": person.email,
        "subject": _("CAS: %(message)s") % {"message": message[:120]},
        "body": text,
        "html_body": html,
        "headers": {"List-Unsubscribe": f"<{off}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    }


def _render_notice(kind: str, values: dict, details) -> tuple[str, str]:
    context = {
        "person": {"full_name": values["name"]},
        "message": values["message"],
        "details": details,
        "link": values["link"],
        "kind": kind_label(kind),
        "unsubscribe": values["unsubscribe"],
        "preferences": settings.SITE_URL + _preferences_path(),
    }
    text, html = (render_to_string(name, context) for name in _NOTICE_TEMPLATES)
    return text, html


def _fill(frame: str, values: dict, *, escape_values: bool) -> str:
    """The frame with each slot replaced by its value (escaped for HTML, as the
    template would have), in one pass: a value is never read for slots."""
    by_slot = {slot: str(escape(values[name]) if escape_values else values[name]) for name, slot in _SLOTS.items()}
    return _SLOT.sub(lambda match: by_slot[match.group(0)], frame)


# --- Preferences ------------------------------------------------------------------------------------


def preference_kinds() -> list[tuple[str, str]]:
    """The kinds of notice a person chooses a channel for, in order."""
    return [(code, label) for code, label in notice_kinds() if code != NoticeKind.OTHER]


@transaction.atomic
def set_preferences(*, actor: User, channels: dict[str, str], digest_hour: int) -> None:
    """The person's own channels per kind of notice, and the hour of their digest;
    each change leaves an audit row on their account with the value before and after."""
    offered = dict(preference_kinds())
    if any(kind not in offered or channel not in Channel.values for kind, channel in channels.items()):
        raise ValidationError(_("Choose one of the options offered for each kind of notice."))
    before = channels_for([actor.pk], channels)
    for kind, channel in channels.items():
        NoticePreference.objects.update_or_create(user=actor, kind=kind, defaults={"channel": channel})
        if before[(actor.pk, kind)] != channel:
            record_event(
                person=actor,
                actor=actor,
                verb=Event.Verb.NOTICES_CHANGED,
                subject=kind,
                old=before[(actor.pk, kind)],
                new=channel,
            )
    old_hour = User.objects.filter(pk=actor.pk).values_list("digest_hour", flat=True).get()
    User.objects.filter(pk=actor.pk).update(digest_hour=digest_hour)
    if old_hour != digest_hour:
        record_event(
            person=actor,
            actor=actor,
            verb=Event.Verb.ACCOUNT_CHANGED,
            subject="digest_hour",
            old=f"{old_hour:02d}:00",
            new=f"{digest_hour:02d}:00",
        )


@transaction.atomic
def turn_off(*, user_id: int, kind: str) -> tuple[User, str, bool]:
    """What a valid unsubscribe link does: this kind stays in the app only.
    Returns the person, the kind's label, and whether it was on before."""
    person = User.objects.get(pk=user_id, is_active=True)
    current = channels_for([person.pk], [kind])[(person.pk, kind)]
    NoticePreference.objects.update_or_create(user=person, kind=kind, defaults={"channel": Channel.APP})
    if current != Channel.APP:  # whoever holds the link acts for its person
        record_event(
            person=person, actor=person, verb=Event.Verb.NOTICES_CHANGED, subject=kind, old=current, new=Channel.APP
        )
    return person, kind_label(kind), current != Channel.APP


# --- The daily digest --------------------------------------------------------------------------------


def send_digests(*, now: datetime | None = None) -> int:
    """Send their digest to the people whose hour it is (central Mexico time)
    and who have lines waiting: one e-mail each, once a day. The ledger key
    `digest:<person>:<day>` and the lines marked sent commit with the e-mail."""
    now = timezone.localtime(now or timezone.now())
    day = now.date()
    waiting = (
        User.objects.filter(is_active=True, digest_hour=now.hour, digest_items__digested_at__isnull=True)
        .distinct()
        .only("pk", "email", "full_name", "language")
    )
    sent = 0
    for person in waiting.iterator(chunk_size=500):
        key = f"digest:{person.pk}:{day.isoformat()}"
        with transaction.atomic():
            if Reminder.objects.filter(key=key).exists():
                continue
            lines = list(DigestItem.objects.waiting().filter(recipient=person).select_for_update())
            if not lines:
                continue
            Reminder.objects.create(key=key, kind="digest", recipient=person, channel=Channel.EMAIL)
            DigestItem.objects.filter(pk__in=[line.pk for line in lines]).update(digested_at=now)
            with translation.override(person.language):
                queue_emails([_digest_email(person, lines, day)])
        sent += 1
    return sent


def _digest_email(person: User, lines: list[DigestItem], day) -> dict:
    context = {
        "person": person,
        "lines": [(line, line.url if line.url.startswith("http") else settings.SITE_URL + line.url) for line in lines],
        "day": day,
        "preferences": settings.SITE_URL + reverse("notice_preferences"),
        "site": settings.SITE_URL,
    }
    return {
        "to": person.email,
        "subject": _("CAS: your digest of %(day)s (%(count)s)")
        % {"day": day.strftime("%d/%m/%Y"), "count": len(lines)},
        "body": render_to_string("communities/email/digest.txt", context),
        "html_body": render_to_string("communities/email/digest.html", context),
    }
