"""What the workshop holds about a person (`extensions.PersonalData`): the
workshops they set up or facilitate, their light roles, and everything they
wrote in its spaces. All of it is part of a product made together (the
timeline, the calligram, the problems and proposals, the counts of the
self-assessment and the vote): an anonymisation leaves it, pointing to the
pseudonymous account, and the core replaces the copies of the name in its text."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities import extensions
from communities.personal_data import records
from workshops.models import (
    AxisRating,
    Calligram,
    CalligramWord,
    CollaborativeProposal,
    CommonProblem,
    ContinuityAgreement,
    DirectorCommitment,
    DirectorsDay,
    Dot,
    PathMilestone,
    ProposalAction,
    SessionRoleAssignment,
    Situation,
    SpaceRun,
    Workshop,
)

WORKSHOP = (gettext_lazy("Workshop"), lambda row: row.workshop)
PROPOSAL = (gettext_lazy("Proposal"), lambda row: row.proposal.title)


def export(user) -> list[dict]:
    by_workshop = ("workshop__template",)
    out = records(
        _("Workshop you set up or facilitate"),
        Workshop.objects.filter(Q(created_by=user) | Q(facilitator=user)).select_related("template", "school"),
        [(_("School"), lambda row: row.school.name), (_("Workshop"), str), "starts_on", "ends_on"],
    )
    out += records(
        _("Role in a workshop session"),
        SessionRoleAssignment.objects.filter(person=user).select_related("session__workshop__template"),
        [(_("Session"), lambda row: f"{row.session.workshop} · {row.session}"), "kind"],
    )
    out += records(
        _("Synthesis of a work space"),
        SpaceRun.objects.filter(synthesis_by=user).select_related(*by_workshop, "space"),
        [WORKSHOP, (_("Work space"), lambda row: row.space), "synthesis"],
    )
    out += records(
        _("Word of the calligram"),
        CalligramWord.objects.filter(author=user).select_related(*by_workshop),
        [WORKSHOP, "text"],
    )
    out += records(
        _("Calligram you edited"),
        Calligram.objects.filter(updated_by=user).select_related(*by_workshop),
        [WORKSHOP, "shape", "commitment"],
    )
    out += records(
        _("Directors' day"),
        DirectorsDay.objects.filter(author=user).select_related(*by_workshop),
        [WORKSHOP, "reflection", "poster_title"],
    )
    out += records(
        _("Your commitment as director"),
        DirectorCommitment.objects.filter(day__author=user).select_related("day__workshop__template"),
        [(_("Workshop"), lambda row: row.day.workshop), "text"],
    )
    out += records(
        _("Milestone of your professional path"),
        PathMilestone.objects.filter(author=user).select_related(*by_workshop),
        [WORKSHOP, "year", "title", "meaning", "kind"],
    )
    out += records(
        _("Your self-assessment light"),
        AxisRating.objects.filter(rater=user).select_related(*by_workshop, "axis"),
        [WORKSHOP, (_("Axis"), lambda row: row.axis.name), "light"],
    )
    out += records(
        _("Common problem you wrote"),
        CommonProblem.objects.filter(created_by=user).select_related(*by_workshop),
        [WORKSHOP, "title", "description"],
    )
    out += records(
        _("Situation of your practice"),
        Situation.objects.filter(author=user).select_related(*by_workshop),
        [WORKSHOP, "description", "observed", "reasons", "change"],
    )
    out += records(
        _("Your vote for a problem"),
        Dot.objects.filter(voter=user).select_related(*by_workshop, "problem"),
        [WORKSHOP, (_("Problem"), lambda row: row.problem.title)],
    )
    out += records(
        _("Collaborative proposal"),
        CollaborativeProposal.objects.filter(Q(created_by=user) | Q(updated_by=user) | Q(team=user))
        .distinct()
        .select_related(*by_workshop),
        [WORKSHOP, "title", "objective", "resources", "evaluation"],
    )
    out += records(
        _("Action of a proposal"),
        ProposalAction.objects.filter(owner=user).select_related("proposal"),
        [PROPOSAL, "text", "due_on"],
    )
    out += records(
        _("Continuity agreement"),
        ContinuityAgreement.objects.filter(owner=user).select_related("proposal"),
        [PROPOSAL, "text", "horizon", "due_on", "status"],
    )
    return out


def anonymise(user, pseudonym: str) -> None:
    """Nothing to delete: see the module's docstring."""


def register() -> None:
    extensions.register(
        extensions.PersonalData(
            code="workshop",
            label=gettext_lazy("Workshop"),
            export=export,
            anonymise=anonymise,
            models=(
                Workshop,
                SessionRoleAssignment,
                SpaceRun,
                CalligramWord,
                Calligram,
                DirectorsDay,
                DirectorCommitment,
                PathMilestone,
                AxisRating,
                CommonProblem,
                Situation,
                Dot,
                CollaborativeProposal,
                ProposalAction,
                ContinuityAgreement,
            ),
            order=80,
        )
    )
