"""The instruments in Django's admin: a published version opens read-only and a
new draft is made from it with the action."""

import pytest
from django.urls import reverse

from diagnostics.models import InstrumentVersion

pytestmark = pytest.mark.django_db


def _change_url(version) -> str:
    return reverse("admin:diagnostics_instrumentversion_change", args=[version.pk])


def test_a_published_version_opens_read_only(client, admin_user, version):
    client.force_login(admin_user)
    response = client.get(_change_url(version))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert 'name="_save"' not in response.content.decode()
    before = version.items.count()
    posted = client.post(_change_url(version), {"number": 7, "priority_below": "2.00"})
    assert posted.status_code == 403
    assert InstrumentVersion.objects.get(pk=version.pk).number == 1
    assert version.items.count() == before


def test_the_action_makes_a_draft_that_opens_for_editing(client, admin_user, version):
    client.force_login(admin_user)
    changelist = reverse("admin:diagnostics_instrumentversion_changelist")
    response = client.post(changelist, {"action": "make_new_draft", "_selected_action": [version.pk]})
    assert response.status_code == 302
    draft = InstrumentVersion.objects.get(instrument=version.instrument, number=2)
    assert draft.items.count() == version.items.count()
    page = client.get(_change_url(draft))
    assert page.status_code == 200 and page.context["has_change_permission"]
    client.post(changelist, {"action": "publish_drafts", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published


def test_the_lists_open(client, admin_user, campaign):
    client.force_login(admin_user)
    for model in ("instrument", "instrumentversion", "campaign", "accesscode", "response"):
        assert client.get(reverse(f"admin:diagnostics_{model}_changelist"), {"q": "escuela"}).status_code == 200
    assert client.get(reverse("admin:diagnostics_campaign_change", args=[campaign.pk])).status_code == 200
    assert (
        client.get(reverse("admin:diagnostics_instrument_change", args=[campaign.version.instrument_id])).status_code
        == 200
    )
