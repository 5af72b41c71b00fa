from communities.models.base import TimeStampedModel
from communities.models.community import Community, Invitation, Membership, Phase
from communities.models.conditions import ConditionCheck, ConditionKind
from communities.models.delivery import Channel, DigestItem, NoticePreference, Reminder
from communities.models.diffusion import DiffusionSummary
from communities.models.email import OutgoingEmail
from communities.models.events import Event, Flag
from communities.models.goals import Goal, ProgressUpdate, Skill, SkillDimension
from communities.models.imports import ImportRun
from communities.models.journal import (
    Notification,
    Reflection,
    ReflectionComment,
    ReflectionPrompt,
    TeachingDimension,
    Visibility,
)
from communities.models.meetings import (
    AgendaItem,
    Agreement,
    Attendance,
    CalendarFeed,
    Meeting,
    MinutesApproval,
    SessionRole,
)
from communities.models.people import User
from communities.models.phases import MILESTONES_BY_PHASE, Milestone, MilestoneKind, PhaseReview
from communities.models.practices import Practice, PracticeFeedback, PracticeFile, PracticeUse, Scope
from communities.models.privacy import DataRequest
from communities.models.proposals import Proposal, ProposalVote
from communities.models.queued_tasks import QueuedTask
from communities.models.reports import Report
from communities.models.schools import School, StaffMembership
from communities.models.strategies import Strategy, StrategyAnalysis

__all__ = [
    "Channel",
    "DigestItem",
    "DiffusionSummary",
    "DataRequest",
    "NoticePreference",
    "Reminder",
    "Notification",
    "Practice",
    "PracticeFeedback",
    "PracticeFile",
    "PracticeUse",
    "Reflection",
    "Report",
    "ReflectionComment",
    "ReflectionPrompt",
    "Scope",
    "Strategy",
    "StrategyAnalysis",
    "TeachingDimension",
    "Visibility",
    "AgendaItem",
    "Agreement",
    "Attendance",
    "CalendarFeed",
    "Goal",
    "Meeting",
    "MinutesApproval",
    "ProgressUpdate",
    "SessionRole",
    "Skill",
    "SkillDimension",
    "MILESTONES_BY_PHASE",
    "Community",
    "ConditionCheck",
    "ConditionKind",
    "Event",
    "Flag",
    "ImportRun",
    "Invitation",
    "Membership",
    "Milestone",
    "MilestoneKind",
    "OutgoingEmail",
    "Phase",
    "PhaseReview",
    "Proposal",
    "ProposalVote",
    "QueuedTask",
    "School",
    "StaffMembership",
    "TimeStampedModel",
    "User",
]
