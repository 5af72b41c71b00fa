"""Inviting teachers, answering an invitation, and leaving the CAS."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities import access
from communities.access import Need
from communities.forms.membership import InvitationForm
from communities.models import Invitation
from communities.models.community import hash_token
from communities.services.membership import (
    accept_invitation,
    decline_invitation,
    invite_teacher,
    leave_community,
    revoke_invitation,
)
from communities.views.flow import submit


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    """Who was invited and who answered (director and tutor; teachers do not see
    who declined: participation is voluntary), and the director's form."""
    community = access.get_community_for(request.user, pk, Need.MANAGE if request.method == "POST" else Need.LEAD)
    form = InvitationForm(request.POST or None, community=community)
    done = submit(
        request,
        form,
        lambda: invite_teacher(actor=request.user, community=community, **form.cleaned_data),
        success=lambda invitation: (
            _("We sent the invitation to %(name)s by e-mail.") % {"name": invitation.invitee.full_name}
        ),
        then=reverse("communities:invitations", args=[community.pk]),
    )
    context = {
        "community": community,
        "form": form,
        "invitations": list(community.invitations.select_related("invitee", "invited_by").order_by("-created_at")),
        "teacher_count": community.current_teacher_count(),
        "anyone_to_invite": form.fields["teacher"].queryset.exists(),
    }
    return done or render(request, "communities/membership/invitations.html", context)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.MANAGE)
    invitation = get_object_or_404(community.invitations, pk=invitation_pk)
    return submit(
        request,
        None,
        lambda: revoke_invitation(actor=request.user, invitation=invitation),
        success=_("The invitation was withdrawn."),
        then=reverse("communities:invitations", args=[community.pk]),
    )


@login_required
def invitation_landing(request: HttpRequest, token: str) -> HttpResponse:
    """Where the e-mailed link leads. It works only for the invited person."""
    invitation = (
        Invitation.objects.select_related("community__school", "community__director", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not access.allows(request.user, invitation, Need.ANSWER):
        raise Http404
    return render(request, "communities/membership/invitation.html", {"invitation": invitation})


@login_required
def invitation_detail(request: HttpRequest, invitation_pk: int) -> HttpResponse:
    invitation = access.get_invitation_for_invitee(request.user, invitation_pk)
    return render(request, "communities/membership/invitation.html", {"invitation": invitation})


@login_required
@require_POST
def invitation_accept(request: HttpRequest, invitation_pk: int) -> HttpResponse:
    invitation = access.get_invitation_for_invitee(request.user, invitation_pk)
    return submit(
        request,
        None,
        lambda: accept_invitation(actor=request.user, invitation=invitation),
        success=_("Welcome to the CAS!"),
        then=lambda membership: (
            reverse("communities:detail", args=[invitation.community_id])
            if membership
            else reverse("communities:invitation_detail", args=[invitation.pk])
        ),
    )


@login_required
@require_POST
def invitation_decline(request: HttpRequest, invitation_pk: int) -> HttpResponse:
    invitation = access.get_invitation_for_invitee(request.user, invitation_pk)
    return submit(
        request,
        None,
        lambda: decline_invitation(actor=request.user, invitation=invitation),
        success=_("You declined the invitation. Thank you for answering."),
        then=lambda answered: (
            reverse("communities:home") if answered else reverse("communities:invitation_detail", args=[invitation.pk])
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_leave(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.LEAVE)
    done = submit(
        request,
        None,
        lambda: leave_community(actor=request.user, community=community),
        success=_("You left the CAS. Thank you for taking part."),
        then=reverse("communities:home"),
    )
    return done or render(request, "communities/membership/leave.html", {"community": community})
