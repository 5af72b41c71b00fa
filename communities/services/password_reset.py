"""The password-reset e-mail, made by the worker for the account a request named."""

from communities.forms.accounts import QueuedPasswordResetForm
from communities.models import User


def mail_reset_link(*, person_id: int | None) -> bool:
    """Queue the reset link for the account `person_id`, if it may still reset
    its password (active, with a password or awaiting activation). None is a
    request for an address without an account: nothing to send. True when sent."""
    person = User.objects.filter(pk=person_id).first() if person_id is not None else None
    if person is None:
        return False
    form = QueuedPasswordResetForm({"email": person.email})
    if not form.is_valid() or not any(True for _user in form.get_users(person.email)):
        return False
    form.mail_link()
    return True
