"""Opening a campaign and issuing its codes: who may, and what is checked."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from communities.models import Event, StaffMembership
from diagnostics.models import AccessCode, Audience, Campaign, CampaignAudience, InstrumentVersion, hash_code
from diagnostics.services import (
    CODE_ALPHABET,
    MAX_BATCH,
    VERB_CAMPAIGN_OPENED,
    VERB_CODES_ISSUED,
    close_campaign,
    issue_codes,
    new_draft_from,
    open_campaign,
)
from tests.diagnostics.conftest import campaign_arguments
from tests.factories import StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(rf"^[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}$")


# --- Who opens a campaign -------------------------------------------------------------------------


def test_the_director_opens_a_campaign_with_its_audiences(director, school, version):
    campaign = open_campaign(actor=director, school=school, **campaign_arguments(version))
    assert (campaign.school, campaign.created_by, campaign.status) == (school, director, Campaign.Status.OPEN)
    assert dict(campaign.audiences.values_list("audience", "expected")) == {"estudiantes": 120, "docentes": 18}
    event = Event.objects.get(school=school, verb=VERB_CAMPAIGN_OPENED)
    assert event.actor == director and event.community is None


def test_the_tutor_opens_a_campaign(tutor, school, version):
    assert open_campaign(actor=tutor, school=school, **campaign_arguments(version)).created_by == tutor


def test_the_tutor_of_a_cas_at_the_school_opens_a_campaign(cas, school, tutor, version):
    """Still the CAS's tutor after leaving the school's staff list."""
    StaffMembership.objects.filter(user=tutor, school=school).delete()
    assert open_campaign(actor=tutor, school=school, **campaign_arguments(version)).created_by == tutor


@pytest.mark.parametrize("who", ["teacher", "outsider", "admin_user"])
def test_others_do_not_open_a_campaign(request, school, version, who):
    with pytest.raises(PermissionDenied):
        open_campaign(actor=request.getfixturevalue(who), school=school, **campaign_arguments(version))
    assert not Campaign.objects.exists()


def test_the_director_of_another_school_does_not_open_one_here(school, other_school, version):
    elsewhere = UserFactory()
    StaffMembershipFactory(user=elsewhere, school=other_school, role="director")
    with pytest.raises(PermissionDenied):
        open_campaign(actor=elsewhere, school=school, **campaign_arguments(version))


# --- What a campaign must be -------------------------------------------------------------------------


@pytest.mark.parametrize("days", [0, -1])
def test_a_campaign_closes_after_it_opens(director, school, version, days):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        open_campaign(
            actor=director, school=school, **campaign_arguments(version, closes_on=today + timedelta(days=days))
        )
    assert "closes_on" in error.value.error_dict
    assert not Campaign.objects.exists()


def test_a_draft_version_is_not_applied(admin_user, director, school, version):
    draft = new_draft_from(actor=admin_user, version=version)
    with pytest.raises(ValidationError) as error:
        open_campaign(actor=director, school=school, **campaign_arguments(draft))
    assert "version" in error.value.error_dict


def test_the_audiences_are_the_versions(admin_user, director, school, version):
    draft = new_draft_from(actor=admin_user, version=version)
    draft.items.filter(for_families=True).delete()
    draft.items.update(for_families=False)
    from diagnostics.services import publish

    publish(actor=admin_user, version=draft)
    draft = InstrumentVersion.objects.get(pk=draft.pk)
    arguments = campaign_arguments(draft, audiences=[Audience.FAMILIES], expected={Audience.FAMILIES: 10})
    with pytest.raises(ValidationError) as error:
        open_campaign(actor=director, school=school, **arguments)
    assert "audiences" in error.value.error_dict


@pytest.mark.parametrize("count", [0, -3, 5001, 10**30, None, "12"])
def test_each_audience_expects_1_to_5000_people(director, school, version, count):
    arguments = campaign_arguments(version, expected={Audience.STUDENTS: count, Audience.TEACHERS: 10})
    with pytest.raises(ValidationError):
        open_campaign(actor=director, school=school, **arguments)
    assert not CampaignAudience.objects.exists()


def test_a_campaign_needs_an_audience(director, school, version):
    with pytest.raises(ValidationError):
        open_campaign(actor=director, school=school, **campaign_arguments(version, audiences=[], expected={}))


def test_a_campaign_is_closed_once(director, campaign):
    close_campaign(actor=director, campaign=campaign)
    campaign.refresh_from_db()
    assert not campaign.is_open
    with pytest.raises(ValidationError):
        close_campaign(actor=director, campaign=campaign)


# --- Codes ------------------------------------------------------------------------------------------


def test_codes_are_returned_once_and_only_their_hashes_are_kept(director, campaign):
    codes = issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=40)
    assert len(codes) == len(set(codes)) == 40
    assert all(CODE.match(code) for code in codes)
    stored = AccessCode.objects.filter(campaign=campaign)
    assert stored.count() == 40
    assert set(stored.values_list("code_hash", flat=True)) == {hash_code(code) for code in codes}
    assert set(stored.values_list("audience", flat=True)) == {"estudiantes"}
    assert set(stored.values_list("used_on", flat=True)) == {None}
    # Nothing stored holds a code in clear.
    for row in stored.values():
        assert not any(code.replace("-", "") in str(value) for value in row.values() for code in codes)
    assert Event.objects.get(verb=VERB_CODES_ISSUED).new_value == "40"


def test_a_code_is_typed_however_the_person_types_it(director, campaign):
    (code,) = issue_codes(actor=director, campaign=campaign, audience=Audience.TEACHERS, count=1)
    typed = f"  {code.lower().replace('-', ' ')} "
    assert AccessCode.objects.filter(code_hash=hash_code(typed)).exists()


def test_the_alphabet_has_no_ambiguous_characters():
    assert not set("0O1I") & set(CODE_ALPHABET)
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET) == 32


def test_a_new_batch_never_repeats_a_code(director, campaign):
    first = issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=200)
    second = issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=200)
    assert not set(first) & set(second)
    assert AccessCode.objects.values("code_hash").distinct().count() == 400


@pytest.mark.parametrize("count", [0, MAX_BATCH + 1, -1])
def test_a_batch_has_1_to_the_maximum_codes(director, campaign, count):
    with pytest.raises(ValidationError):
        issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=count)
    assert not AccessCode.objects.exists()


def test_codes_only_for_the_campaigns_audiences(director, campaign):
    with pytest.raises(ValidationError):
        issue_codes(actor=director, campaign=campaign, audience=Audience.FAMILIES, count=3)


def test_a_closed_campaign_issues_no_codes(director, campaign):
    close_campaign(actor=director, campaign=campaign)
    campaign.refresh_from_db()
    with pytest.raises(ValidationError):
        issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=3)


@pytest.mark.parametrize("who", ["teacher", "outsider", "admin_user"])
def test_only_the_director_or_tutor_issues_codes(request, campaign, who):
    with pytest.raises(PermissionDenied):
        issue_codes(actor=request.getfixturevalue(who), campaign=campaign, audience=Audience.STUDENTS, count=3)
    assert not AccessCode.objects.exists()


def test_the_response_rate_is_counted_per_audience(director, campaign, django_assert_num_queries):
    from diagnostics.models import Response

    issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=5)
    today = timezone.localdate()
    Response.objects.bulk_create(
        [Response(campaign=campaign, audience="estudiantes", channel="online", submitted_on=today)] * 1
        + [Response(campaign=campaign, audience="estudiantes", channel="paper", submitted_on=today) for _ in range(29)]
        + [Response(campaign=campaign, audience="docentes", channel="online", submitted_on=today) for _ in range(9)]
    )
    with django_assert_num_queries(1):
        rows = {row.audience: row for row in campaign.audiences.with_counts()}
    assert (rows["estudiantes"].answered, rows["estudiantes"].response_rate, rows["estudiantes"].codes_issued) == (
        30,
        25,
        5,
    )
    assert (rows["docentes"].answered, rows["docentes"].response_rate, rows["docentes"].codes_issued) == (9, 50, 0)
