from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.community import Community


class ProposalQuerySet(models.QuerySet):
    def adopted_norms(self) -> "ProposalQuerySet":
        return self.filter(kind=Proposal.Kind.NORM, status=Proposal.Status.ADOPTED)

    def open(self) -> "ProposalQuerySet":
        return self.filter(status=Proposal.Status.OPEN)


class Proposal(models.Model):
    """A collaboration norm or an activity put to the community's members, adopted
    when a majority of the current members agree ("se definen de manera
    participativa")."""

    class Kind(models.TextChoices):
        NORM = "norm", _("Collaboration norm")
        ACTIVITY = "activity", _("Activity")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("proposal", "Open for agreement")
        ADOPTED = "adopted", pgettext_lazy("proposal", "Adopted")
        REJECTED = "rejected", pgettext_lazy("proposal", "Not adopted")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NORM)
    text = models.CharField(_("text"), max_length=500)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ProposalVote(models.Model):
    class Choice(models.TextChoices):
        AGREE = "agree", _("I agree")
        OBJECT = "object", _("I object")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes", verbose_name=_("proposal"))
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    voted_at = models.DateTimeField(_("voted"), auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "voter"], name="one_vote_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.voter}: {self.get_choice_display()}"
