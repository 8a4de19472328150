"""What counts as public participation: published, not hidden, on content anybody may read.

Shared by the statistics pages and the open-data files, so both count the same things. Public
spaces are in ``spaces.selectors``, public comments in ``comments.public``.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from participa.comments.public import public_targets_q
from participa.core.models import Organization
from participa.spaces.models import Space
from participa.spaces.selectors import public_spaces


def public_follow_q(org: Organization) -> Q:
    """Follows of public spaces and of publicly visible items (Follow's generic relation)."""
    space_type = ContentType.objects.get_for_model(Space)
    return Q(content_type_id=space_type.pk,
             object_id__in=public_spaces(org).values("pk")) | public_targets_q(
        org, type_field="content_type_id", id_field="object_id")


def active_people_q(prefix: str) -> Q:
    return Q(**{f"{prefix}is_active": True, f"{prefix}deleted_at__isnull": True})
