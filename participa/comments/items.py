"""Comments as an item of the manifest, declared by the comments app for its own model.

A comment is not inside one component: it sits on any commentable item. It is visible where its
target is (the target's item rule), unless deleted, hidden by the moderators or written by a
blocked person (``searchable.comment_visible_q``). It is a contribution (counted in the
statistics), reportable and searchable.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from participa.comments import reportable, searchable
from participa.comments.models import Comment
from participa.comments.public import public_comments
from participa.core.models import Organization
from participa.spaces.registry import ItemRule, ItemSpec, ReportPolicy, SearchPolicy, StatsPolicy


def _visible(user: Any, org: Organization) -> Q:
    return searchable.comment_visible_q(user, org)


COMMENT_ITEM = ItemSpec(
    model=Comment, kind="comment",
    visibility=ItemRule(custom=_visible),
    url=reportable.comment_address,
    title=lambda comment: Truncator(comment.body).chars(80),
    contribution=True,
    stats=StatsPolicy("comments", _("Comments"), public_comments),
    reports=ReportPolicy(
        author=lambda comment: comment.author,
        excerpt=reportable.excerpt,
        text=reportable.text,
        versions=reportable.versions,
        threshold=reportable.threshold,
        # Reported while its target is visible, even once hidden by earlier reports.
        can_view=reportable.can_view,
    ),
    search=SearchPolicy(
        label=_("Comments"),
        text=lambda comment: {"body": comment.body},
        date=lambda comment: comment.created_at,
        indexable=lambda comment: not comment.is_deleted,
        published=searchable.comment_is_published,
        parent=searchable.comment_target,
        children=searchable.comments_of,
        queryset=searchable.comments_for_search,
    ),
    queryset=lambda: Comment.objects.select_related("author", "organization", "space",
                                                    "target_type", "thread"),
)
