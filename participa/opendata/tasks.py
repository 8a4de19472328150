"""Background rebuild of the open-data ZIP (django-tasks: in-process or a database worker)."""

from __future__ import annotations

from django_tasks import task

from participa.core.models import Organization, User
from participa.opendata.services import open_data_build


@task(queue_name="default")
def build_open_data(organization_id: int, acting_user_id: int | None = None) -> int:
    """Rebuild one organization's open data; returns the size of the new ZIP in bytes."""
    organization = Organization.objects.get(pk=organization_id)
    acting_user = User.objects.filter(pk=acting_user_id).first() if acting_user_id else None
    return open_data_build(organization=organization, acting_user=acting_user).size
