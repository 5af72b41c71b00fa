"""The workshop's pages. Every view fetches the workshop through its school
(`workshop_for`: 404 for people with no tie to the school, 403 for its staff
without the right), then calls one service."""

from django.http import Http404

from communities import access
from communities.access import Need
from workshops.models import SpaceRun, Workshop, WorkSpace


def workshop_for(user, pk: int, need: Need = Need.VIEW) -> Workshop:
    """The workshop with `.permissions` (asked by the template as it reads them)."""
    workshop = Workshop.objects.select_related("school", "template", "facilitator").filter(pk=pk).first()
    if workshop is None:
        raise Http404
    workshop.school = access.get_school_for(user, workshop.school_id, Need.VIEW, school=workshop.school)
    if need is not Need.VIEW:
        access.require(user, workshop, need)
    workshop.permissions = access.permissions_for(user, workshop)
    return workshop


def run_for(workshop: Workshop, workspace: str) -> SpaceRun:
    if workspace not in WorkSpace.values:
        raise Http404
    run = workshop.spaces.select_related("space").filter(space__workspace=workspace).first()
    if run is None:
        raise Http404
    run.workshop = workshop
    return run


def contribution_for(user, queryset, pk: int, need: Need = Need.EDIT):
    """A contribution of this workshop (404 if it belongs to another), which the
    person may `need`."""
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404
    access.require(user, row, need)
    return row
