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
VERB_TEMPLATE_PUBLISHED = "workshop_template_published"
VERB_TEMPLATE_DRAFTED = "workshop_template_drafted"
VERB_ROLE = "workshop_role"
VERB_SYNTHESIS = "workshop_synthesis"
VERB_PROBLEM = "workshop_problem"
VERB_GROUPED = "workshop_situations_grouped"
VERB_PROPOSAL_STARTED = "workshop_proposal_started"
VERB_PROPOSAL_SAVED = "workshop_proposal_saved"
VERB_ACTION_ADDED = "workshop_action_added"
VERB_ACTION_REMOVED = "workshop_action_removed"
VERB_CONTINUITY_ADDED = "workshop_continuity_added"
VERB_CONTINUITY_REMOVED = "workshop_continuity_removed"
VERB_CONTINUITY_STATUS = "workshop_continuity_status"
VERB_WORD_REMOVED = "workshop_word_removed"
VERB_CALLIGRAM = "workshop_calligram"
VERB_DIRECTORS_DAY = "workshop_directors_day"
VERB_COMMITMENT_ADDED = "workshop_commitment_added"
VERB_COMMITMENT_REMOVED = "workshop_commitment_removed"
VERBS = {
    VERB_SET_UP: gettext_lazy("set up the workshop"),
    VERB_FACILITATOR: gettext_lazy("named the workshop's facilitator"),
    VERB_SPACE_OPENED: gettext_lazy("opened a work space of the workshop"),
    VERB_SPACE_CONCLUDED: gettext_lazy("concluded a work space of the workshop"),
    VERB_VOTE_OPENED: gettext_lazy("opened the vote on the common problems"),
    VERB_VOTE_CLOSED: gettext_lazy("closed the vote on the common problems"),
    VERB_AGREEMENTS_TAKEN: gettext_lazy("took the workshop's continuity agreements to the CAS"),
    VERB_EVIDENCE: gettext_lazy("took a product of the workshop as evidence"),
    VERB_TEMPLATE_PUBLISHED: gettext_lazy("published a version of the workshop template"),
    VERB_TEMPLATE_DRAFTED: gettext_lazy("made a new draft of the workshop template"),
    VERB_ROLE: gettext_lazy("named a session role of the workshop"),
    VERB_SYNTHESIS: gettext_lazy("wrote the synthesis of a work space"),
    VERB_PROBLEM: gettext_lazy("named a common problem"),
    VERB_GROUPED: gettext_lazy("grouped situations under a common problem"),
    VERB_PROPOSAL_STARTED: gettext_lazy("started a collaborative proposal"),
    VERB_PROPOSAL_SAVED: gettext_lazy("changed a collaborative proposal"),
    VERB_ACTION_ADDED: gettext_lazy("added an action to a proposal"),
    VERB_ACTION_REMOVED: gettext_lazy("removed an action from a proposal"),
    VERB_CONTINUITY_ADDED: gettext_lazy("added a continuity agreement"),
    VERB_CONTINUITY_REMOVED: gettext_lazy("removed a continuity agreement"),
    VERB_CONTINUITY_STATUS: gettext_lazy("followed up a continuity agreement"),
    VERB_WORD_REMOVED: gettext_lazy("removed a word from the calligram"),
    VERB_CALLIGRAM: gettext_lazy("changed the community's calligram"),
    VERB_DIRECTORS_DAY: gettext_lazy("wrote the directors' day page"),
    VERB_COMMITMENT_ADDED: gettext_lazy("added a commitment to the poster"),
    VERB_COMMITMENT_REMOVED: gettext_lazy("removed a commitment from the poster"),
}


def record(
    workshop: Workshop,
    actor: User,
    verb: str,
    subject: str = "",
    old: str = "",
    new: str = "",
    person: User | None = None,
) -> None:
    """An audit row at the workshop's school (`person`: whom it names, a role's holder)."""
    record_event(school=workshop.school, actor=actor, verb=verb, subject=subject, old=old, new=new, person=person)


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
