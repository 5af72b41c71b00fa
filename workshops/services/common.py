"""What the workshop's services share: the audit verbs, the check that a work
space is open, and the edit conflict of a text several people write."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.models import User
from communities.services.audit import record_event
from workshops.models import SpaceRun, Workshop

VERB_SET_UP = "workshop_set_up"
VERB_FACILITATOR = "workshop_facilitator"
VERB_SPACE_OPENED = "workshop_space_opened"
VERB_SPACE_CONCLUDED = "workshop_space_concluded"
VERB_VOTE_OPENED = "workshop_vote_opened"
VERB_VOTE_CLOSED = "workshop_vote_closed"
VERB_AGREEMENTS_TAKEN = "workshop_agreements_taken"
VERB_EVIDENCE = "workshop_evidence"
VERBS = {
    VERB_SET_UP: gettext_lazy("set up the workshop"),
    VERB_FACILITATOR: gettext_lazy("named the workshop's facilitator"),
    VERB_SPACE_OPENED: gettext_lazy("opened a work space of the workshop"),
    VERB_SPACE_CONCLUDED: gettext_lazy("concluded a work space of the workshop"),
    VERB_VOTE_OPENED: gettext_lazy("opened the vote on the common problems"),
    VERB_VOTE_CLOSED: gettext_lazy("closed the vote on the common problems"),
    VERB_AGREEMENTS_TAKEN: gettext_lazy("took the workshop's continuity agreements to the CAS"),
    VERB_EVIDENCE: gettext_lazy("took a product of the workshop as evidence"),
}


def record(workshop: Workshop, actor: User, verb: str, subject: str = "", old: str = "", new: str = "") -> None:
    record_event(school=workshop.school, actor=actor, verb=verb, subject=subject, old=old, new=new)


def open_space_of(workshop: Workshop, workspace: str) -> SpaceRun:
    """The work space, locked, if it is in progress; otherwise a Spanish
    refusal: contributions go to an open space only."""
    run = (
        SpaceRun.objects.select_for_update(of=("self",))
        .select_related("space")
        .filter(workshop=workshop, space__workspace=workspace)
        .first()
    )
    if run is None or not run.is_in_progress:
        raise ValidationError(_("This work space is not open: its facilitator opens it when the group gets to it."))
    return run


class EditConflict(ValidationError):
    """A save based on an older revision of a shared text: nothing was
    written. `theirs` holds the text as saved now, `revision` its revision,
    `by` who saved it, so the page shows both texts and the next save can be
    based on the current one."""

    def __init__(self, *, theirs: dict[str, str], revision: int, by: User | None):
        name = by.full_name if by else _("someone else")
        super().__init__(
            _("%(name)s saved this text while you were writing. Nothing was lost: compare both versions below.")
            % {"name": name}
        )
        self.theirs, self.revision, self.by = theirs, revision, by


def check_revision(*, current: int, based_on: int, theirs: dict[str, str], by: User | None) -> None:
    if based_on != current:
        raise EditConflict(theirs=theirs, revision=current, by=by)


# Control characters (line breaks and tabs aside) and the two non-characters
# XML refuses: pasted from elsewhere, they would break the SVG and the PDF.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_text(value: str, *, field: str, required: bool = True, limit: int) -> str:
    """Trimmed, without control characters; refused when empty (if required)
    or longer than `limit`."""
    value = _UNPRINTABLE.sub("", value).strip()
    if required and not value:
        raise ValidationError({field: _("Write something here.")})
    if len(value) > limit:
        raise ValidationError({field: _("Write at most %(limit)s characters.") % {"limit": limit}})
    return value
