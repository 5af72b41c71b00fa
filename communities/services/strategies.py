from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from communities.access import is_member
from communities.models import Community, MilestoneKind, Strategy, StrategyAnalysis, User
from communities.services.phases import complete_milestone


@transaction.atomic
def analyse_strategy(
    *, actor: User, community: Community, strategy: Strategy, analysis: str, adaptation: str = "", group: str = ""
) -> StrategyAnalysis:
    """A member records their analysis of a Construye T strategy and how they
    adapted it to their group."""
    if not is_member(community, actor):
        raise PermissionDenied
    if not strategy.is_active:
        raise ValidationError({"strategy": _("This strategy is no longer offered.")})
    if not analysis.strip():
        raise ValidationError({"analysis": _("Write your analysis.")})
    return StrategyAnalysis.objects.create(
        strategy=strategy,
        community=community,
        author=actor,
        group=group.strip(),
        analysis=analysis.strip(),
        adaptation=adaptation.strip(),
    )


@transaction.atomic
def use_analysis_as_evidence(*, actor: User, analysis: StrategyAnalysis):
    """The director takes an analysis as the evidence of the Desarrollo milestone
    "Analizan las estrategias Construye T"."""
    community = analysis.community
    if actor.pk != community.director_id:
        raise PermissionDenied(_("The director chooses the evidence of the milestones."))
    milestone = community.milestones.get(kind=MilestoneKind.STRATEGIES)
    text = _("Analysis of the strategy «%(strategy)s» by %(author)s: %(analysis)s") % {
        "strategy": analysis.strategy.title,
        "author": analysis.author.full_name,
        "analysis": analysis.analysis,
    }
    url = settings.SITE_URL + reverse("communities:strategies", args=[community.pk]) + f"#analysis-{analysis.pk}"
    return complete_milestone(actor=actor, milestone=milestone, text=text[:4000], url=url)
