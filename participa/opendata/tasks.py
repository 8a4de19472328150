"""Background rebuild of the open-data ZIP (django-tasks: in-process or a database worker)."""

from __future__ import annotations

from django_tasks import task

from participa.core.models import Organization, User
from participa.opendata.services import open_data_run


@task(queue_name="default")
def build_open_data(organization_id: int, acting_user_id: int | None = None) -> int:
    """Rebuild one organization's open data; returns the size of the new ZIP in bytes (0 when
    another worker builds it)."""
    organization = Organization.objects.get(pk=organization_id)
    acting_user = User.objects.filter(pk=acting_user_id).first() if acting_user_id else None
    build = open_data_run(organization=organization, acting_user=acting_user)
    return build.size if build is not None else 0
