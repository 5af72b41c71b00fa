"""Inviting teachers to the CAS."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities import access
from communities.forms.fields import PersonChoiceField
from communities.models import Community, StaffMembership, User


class InvitationForm(forms.Form):
    teacher = PersonChoiceField(
        label=_("Teacher"),
        queryset=User.objects.none(),
        to_field_name="email",
        empty_label=_("Choose a teacher"),
        help_text=_(
            "Not in the list: the teachers already in the CAS and those whose invitation is pending (see the "
            "invitations sent)."
        ),
        error_messages={
            "invalid_choice": _("That person is not a teacher at this school, or already belongs to the CAS."),
        },
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Participation is voluntary: tell them why you would like them to take part."),
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        in_cas = community.memberships.current().values("teacher_id")
        waiting = community.invitations.pending().values("invitee_id")
        self.fields["teacher"].queryset = (
            access.staff_with_role(community.school, StaffMembership.Role.TEACHER)
            .exclude(pk__in=in_cas)
            .exclude(pk__in=waiting)
        )
