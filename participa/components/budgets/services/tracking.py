"""The winning projects' implementation, tracked in public: once the results are published
(the selected projects' state is *selected*), "Track the winning projects" makes a tracked
item of the shared tracking module (``participa/tracking``) for each of them, with the
project as its source.

Each item takes the project's published title and description, the department of its
assessment, the cost corrected in review (else its estimated cost) as the planned cost, its
pool's district and its map point. A project is tracked once (the tracking module's database
constraint ``tracked_item_source_once``): running the action again tracks only what is left.
Those following a project hear when its tracked item is published and, from then on, of its
progress (``participa.tracking.services``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from participa.components.budgets.models import Edition, Project, ProjectState
from participa.components.budgets.models_review import Assessment
from participa.core.models import Area, User
from participa.tracking.models import TrackedItem
from participa.tracking.permissions import can_track_for
from participa.tracking.services import tracked_item_create

__all__ = ["TrackingOutcome", "project_track", "winners_of", "winners_track"]


@dataclass
class TrackingOutcome:
    """What "Track the winning projects" did: the items it made, the projects tracked
    before, and those left to an official of their own department."""

    created: list[TrackedItem] = field(default_factory=list)
    already: list[Project] = field(default_factory=list)
    refused: list[Project] = field(default_factory=list)


def winners_of(edition: Edition) -> QuerySet[Project]:
    """The selected projects of ``edition`` by number, each with its pool (and district) and
    its tracked item's id (``tracked_item_id``; None: not tracked yet) in one query."""
    content_type = ContentType.objects.get_for_model(Project)
    tracked = TrackedItem.objects.filter(content_type=content_type, object_id=OuterRef("pk"))
    return (Project.objects.filter(component_id=edition.component_id,
                                   state=ProjectState.SELECTED)
            .select_related("pool__scope", "component__space__organization")
            .annotate(tracked_item_id=Subquery(tracked.values("pk")[:1]))
            .order_by("number"))


def _department(project: Project) -> Area | None:
    assessment = (Assessment.objects.filter(project=project).select_related("department")
                  .first())
    return assessment.department if assessment is not None else None


@transaction.atomic
def project_track(*, acting_user: User, project: Project) -> TrackedItem:
    """Track the implementation of one selected project: a tracked item, not published yet
    (its staff add milestones, then publish it). ``PermissionDenied`` unless the person is an
    administrator or an official of the department of the project's assessment;
    ``ValidationError`` for a project not selected or already tracked."""
    if project.state != ProjectState.SELECTED:
        raise ValidationError(_("Only a project selected for funding can be tracked."),
                              code="not_selected")
    component = project.component
    organization = component.space.organization
    department = _department(project)
    if not can_track_for(acting_user, organization, department):
        raise PermissionDenied
    cost = project.corrected_cost if project.corrected_cost is not None else project.cost
    return tracked_item_create(
        acting_user=acting_user, organization=organization, source=project,
        component=component, title=project.title_public or project.title,
        description=project.description_public, department=department,
        scope=project.pool.scope, planned_cost=cost,
        latitude=project.latitude, longitude=project.longitude)


@transaction.atomic
def winners_track(*, acting_user: User, edition: Edition) -> TrackingOutcome:
    """Track every selected project of ``edition`` not tracked yet that the person may track
    (idempotent: a second run makes nothing new). The others are listed in the outcome."""
    outcome = TrackingOutcome()
    for project in winners_of(edition):
        project.component = edition.component
        if vars(project).get("tracked_item_id") is not None:
            outcome.already.append(project)
            continue
        try:
            with transaction.atomic():
                outcome.created.append(project_track(acting_user=acting_user,
                                                     project=project))
        except PermissionDenied:
            outcome.refused.append(project)
        except ValidationError as error:
            if error.code != "already_tracked":
                raise
            outcome.already.append(project)  # tracked by someone else meanwhile
    return outcome
