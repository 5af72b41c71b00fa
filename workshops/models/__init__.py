from workshops.models.calligram import MAX_WORD, Calligram, CalligramWord, Shape
from workshops.models.directors import DirectorCommitment, DirectorsDay
from workshops.models.huella import AxisRating, Light, PathMilestone
from workshops.models.journal import EntryWorkSpace, PromptWorkSpace, WorkSpace
from workshops.models.lupa import CommonProblem, Dot, Situation
from workshops.models.proposals import (
    SHARED_FIELDS,
    CollaborativeProposal,
    ContinuityAgreement,
    ExampleChallenge,
    ProposalAction,
)
from workshops.models.runs import SessionRoleAssignment, SpaceRun, Workshop, WorkshopSession
from workshops.models.templates import MAX_VOTES, AssessmentAxis, Moment, MomentKind, TemplateSpace, WorkshopTemplate

__all__ = [
    "MAX_VOTES",
    "MAX_WORD",
    "SHARED_FIELDS",
    "AssessmentAxis",
    "AxisRating",
    "Calligram",
    "CalligramWord",
    "CollaborativeProposal",
    "CommonProblem",
    "ContinuityAgreement",
    "DirectorCommitment",
    "DirectorsDay",
    "Dot",
    "EntryWorkSpace",
    "ExampleChallenge",
    "Light",
    "Moment",
    "MomentKind",
    "PathMilestone",
    "PromptWorkSpace",
    "ProposalAction",
    "SessionRoleAssignment",
    "Shape",
    "Situation",
    "SpaceRun",
    "TemplateSpace",
    "Workshop",
    "WorkshopSession",
    "WorkSpace",
    "WorkshopTemplate",
]
