"""A product of the workshop as the evidence of a milestone of the school's
CAS, through the core's `complete_milestone` (which decides who may complete it)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from communities.models import Milestone, User
from communities.services.phases import complete_milestone
from workshops.models import SpaceRun, Workshop
from workshops.services.common import VERB_EVIDENCE, record


@transaction.atomic
def take_product_as_evidence(*, actor: User, workshop: Workshop, workspace: str, milestone: Milestone) -> Milestone:
    """Complete a milestone of the school's CAS with the product of a concluded
    space: a sentence naming it and the link to its page."""
    run = SpaceRun.objects.select_related("space").filter(workshop=workshop, space__workspace=workspace).first()
    if run is None or not run.is_concluded:
        raise ValidationError({"workspace": _("Choose the product of a concluded work space.")})
    if milestone.community.school_id != workshop.school_id:
        raise ValidationError({"milestone": _("Choose a milestone of this school's CAS.")})
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Product of the workshop «%(title)s»: %(product)s") % {
            "title": workshop.template.title,
            "product": run.space.product,
        }
    url = settings.SITE_URL + reverse("workshops:space", args=[workshop.pk, workspace])
    completed = complete_milestone(actor=actor, milestone=milestone, text=text, url=url)
    record(workshop, actor, VERB_EVIDENCE, subject=run.space.get_workspace_display(), new=milestone.get_kind_display())
    return completed
