"""Review of a comment's published text by a moderator: the same side-by-side review as a
contribution's (``participa.redaction.review``), for comments.

A comment is published at once, with only identifiers removed (``core.redaction``), and keeps
no other original. Here a moderator sees that published text next to what the full redaction
engine would also hide (names, street addresses, personal web addresses…), leaves out the
marks that are wrong, adds words it missed, and approves: the comment's text becomes the
redacted one. The audit entry keeps offsets and kinds, never the words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participa.comments.models import Comment
from participa.core import permissions as core_permissions
from participa.core.actions import AuditAction
from participa.core.audit import audit_record
from participa.core.http import signed_in_user
from participa.core.models import User
from participa.redaction import engine, review
from participa.spaces.staff import organization_of, render_manage


def proposed_spans(comment: Comment) -> list[list[Any]]:
    """What the redaction engine would hide in the comment's published text."""
    found = engine.redact_for(comment.organization, comment.body)
    return review.validate_spans(comment.body, engine.spans_to_json(found.spans))


@transaction.atomic
def comment_redaction_approve(*, acting_user: User, comment: Comment,
                              spans: Sequence[Any]) -> Comment:
    """Publish the comment's text with ``spans`` hidden (the organization's placeholder)."""
    if not core_permissions.is_moderator(acting_user, comment.organization):
        raise PermissionDenied
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if locked.deleted_at is not None:
        raise ValidationError(_("This comment has been deleted."))
    cleaned = review.validate_spans(locked.body, list(spans))
    if cleaned:
        locked.body = engine.apply_json(locked.organization, locked.body, cleaned)
        locked.save(update_fields=["body"])
    # Offsets and kinds only: the audit log never copies personal data.
    audit_record(organization=locked.organization, actor=acting_user,
                 action=AuditAction.COMMENTS_REDACTION_APPROVE, obj=locked,
                 changes={"redactions": [None, cleaned]})
    comment.body = locked.body
    return locked


class HideWordsForm(forms.Form):
    words = forms.CharField(label=gettext_lazy("Words to hide"), max_length=300,
                            required=False,
                            help_text=gettext_lazy("Type them exactly as they are written in "
                                                   "the text. Every occurrence is hidden."))


def _comment_or_404(request: HttpRequest, pk: int) -> Comment:
    org = organization_of(request)
    if not core_permissions.is_moderator(request.user, org):
        raise Http404
    comment = Comment.objects.filter(organization=org, pk=pk, deleted_at__isnull=True).first()
    if comment is None:
        raise Http404
    return comment


def comment_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The published text with the proposed redactions marked; tick off the wrong ones, add
    missed words, approve."""
    comment = _comment_or_404(request, pk)
    spans = proposed_spans(comment)
    form = HideWordsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kept = [span for index, span in enumerate(spans)
                if f"keep-{index}" not in request.POST]
        words = form.cleaned_data["words"].strip()
        places = review.find_occurrences(comment.body, words, all_occurrences=True) \
            if words else []
        if words and not places:
            form.add_error("words", _("“%(words)s” does not appear in the text. Copy the words "
                                      "exactly as they are written.") % {"words": words})
        else:
            for start, end in places:
                kept = review.merge_span(kept, start, end, review.MANUAL_KIND)
            try:
                comment_redaction_approve(acting_user=signed_in_user(request),
                                          comment=comment, spans=kept)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The comment's redacted text is published."))
                return HttpResponseRedirect(reverse("manage:comment_redaction_review",
                                                    args=[comment.pk]))
    pieces = review.segments(comment.body, spans)
    marks = [piece for piece in pieces if piece["kind"]]
    for index, piece in enumerate(marks):
        piece["index"] = index
    return render_manage(request, "redaction/comment_review.html", {
        "comment": comment, "segments": pieces, "marks": marks, "form": form,
        "redacted": engine.apply_json(comment.organization, comment.body, spans),
    }, nav="moderation")


urlpatterns: list[URLPattern] = [
    path("moderation/comments/<int:pk>/redaction/", comment_review,
         name="comment_redaction_review"),
]
