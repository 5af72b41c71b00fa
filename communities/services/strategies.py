from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.models import Community, Event, Milestone, MilestoneKind, Strategy, StrategyAnalysis, User
from communities.services.audit import record_event
from communities.services.phases import complete_milestone


@transaction.atomic
def analyse_strategy(
    *, actor: User, community: Community, strategy: Strategy, analysis: str, adaptation: str = "", group: str = ""
) -> StrategyAnalysis:
    """A member records their analysis of a Construye T strategy and how they
    adapted it to their group."""
    access.require(actor, community, Need.PARTICIPATE)
    if not strategy.is_active:
        raise ValidationError({"strategy": _("This strategy is no longer offered.")})
    if not analysis.strip():
        raise ValidationError({"analysis": _("Write your analysis.")})
    recorded = StrategyAnalysis.objects.create(
        strategy=strategy,
        community=community,
        author=actor,
        group=group.strip(),
        analysis=analysis.strip(),
        adaptation=adaptation.strip(),
    )
    record_event(community=community, actor=actor, verb=Event.Verb.STRATEGY_ANALYSED, subject=strategy.title)
    return recorded


@transaction.atomic
def use_analysis_as_evidence(*, actor: User, analysis: StrategyAnalysis) -> Milestone:
    """The director takes an analysis as the evidence of the Desarrollo milestone
    "Analizan las estrategias Construye T"."""
    community = analysis.community
    access.require(actor, community, Need.MANAGE)
    milestone = community.milestones.get(kind=MilestoneKind.STRATEGIES)
    text = _("Analysis of the strategy «%(strategy)s» by %(author)s: %(analysis)s") % {
        "strategy": analysis.strategy.title,
        "author": analysis.author.full_name,
        "analysis": analysis.analysis,
    }
    url = settings.SITE_URL + reverse("communities:strategies", args=[community.pk]) + f"#analysis-{analysis.pk}"
    return complete_milestone(actor=actor, milestone=milestone, text=text[:4000], url=url)
