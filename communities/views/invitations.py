from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities.access import Need, get_community_for, get_invitation_for_invitee
from communities.forms import InvitationForm, add_service_errors
from communities.models import Invitation
from communities.models.community import hash_token
from communities.services.membership import (
    accept_invitation,
    decline_invitation,
    invite_teacher,
    revoke_invitation,
)


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    """The director's page: who was invited, who answered, and a form to invite."""
    need = Need.MANAGE if request.method == "POST" else Need.VIEW
    community = get_community_for(request.user, pk, need)
    if not (community.permissions.manage or community.permissions.review):
        # Teachers do not see who declined: participation is voluntary.
        raise PermissionDenied(_("Only the director and the tutor see the invitations."))
    form = InvitationForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite_teacher(
                actor=request.user,
                community=community,
                teacher=form.cleaned_data["teacher"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("We sent the invitation to %(name)s by e-mail.") % {"name": invitation.invitee.full_name}
            )
            return redirect("communities:invitations", pk=community.pk)
    sent = community.invitations.select_related("invitee", "invited_by").order_by("-created_at")
    return render(
        request,
        "communities/invitations.html",
        {
            "community": community,
            "form": form,
            "invitations": list(sent),
            "teacher_count": community.memberships.filter(left_at__isnull=True).count(),
        },
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.MANAGE)
    invitation = community.invitations.filter(pk=invitation_pk).first()
    if invitation is None:
        raise Http404
    try:
        revoke_invitation(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation was withdrawn."))
    return redirect("communities:invitations", pk=community.pk)


@login_required
def invitation_landing(request: HttpRequest, token: str) -> HttpResponse:
    """Where the e-mailed link leads. It works only for the invited person."""
    invitation = (
        Invitation.objects.select_related("community__school", "community__director", "invited_by")
        .filter(token_hash=hash_token(token), invitee=request.user)
        .first()
    )
    if invitation is None:
        raise Http404
    return render(request, "communities/invitation.html", {"invitation": invitation})


@login_required
def invitation_detail(request: HttpRequest, invitation_pk: int) -> HttpResponse:
    invitation = get_invitation_for_invitee(request.user, invitation_pk)
    return render(request, "communities/invitation.html", {"invitation": invitation})


def _answer(request: HttpRequest, invitation_pk: int, service) -> Invitation | None:
    """Run the accept or decline service; on refusal, say why and return None."""
    invitation = get_invitation_for_invitee(request.user, invitation_pk)
    try:
        service(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    return invitation


@login_required
@require_POST
def invitation_accept(request: HttpRequest, invitation_pk: int) -> HttpResponse:
    invitation = _answer(request, invitation_pk, accept_invitation)
    if invitation is None:
        return redirect("communities:invitation_detail", invitation_pk=invitation_pk)
    messages.success(request, _("Welcome to the CAS!"))
    return redirect("communities:detail", pk=invitation.community_id)


@login_required
@require_POST
def invitation_decline(request: HttpRequest, invitation_pk: int) -> HttpResponse:
    if _answer(request, invitation_pk, decline_invitation) is None:
        return redirect("communities:invitation_detail", invitation_pk=invitation_pk)
    messages.success(request, _("You declined the invitation. Thank you for answering."))
    return redirect("communities:home")
