"""Comment views: every action is a plain form POST that redirects back to the comment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from participa.comments import permissions, registry, services
from participa.comments.forms import CommentEditForm, CommentForm
from participa.comments.models import Comment
from participa.comments.selectors import comment_get, comment_page_number, comment_target
from participa.core.form_errors import apply_service_errors
from participa.core.http import signed_in_user
from participa.core.redaction import redact_identifiers, removed_message
from participa.moderation import ratelimit
from participa.moderation.views import report_object


def comment_url(comment: Comment, spec: registry.Commentable, target: Any) -> str:
    """The address of ``comment`` on its target's page (the right page of comments)."""
    page = comment_page_number(comment)
    query = f"?comments_page={page}" if page > 1 else ""
    return f"{spec.url(target)}{query}#comment-{comment.pk}"


def _target_or_404(request: HttpRequest, label: str, pk: int) -> tuple[registry.Commentable, Any]:
    org = getattr(request, "organization", None)
    found = registry.get_target(label, pk, request.user, org) if org is not None else None
    if found is None:
        raise Http404
    return found


def _comment_or_404(request: HttpRequest, pk: int) -> tuple[Comment, registry.Commentable, Any]:
    org = getattr(request, "organization", None)
    comment = comment_get(org, pk) if org is not None else None
    if comment is None:
        raise Http404
    target = comment_target(comment)
    spec = registry.get(target) if target is not None else None
    if spec is None or not spec.can_view(request.user, target):
        raise Http404
    return comment, spec, target


def _tell_removed(request: HttpRequest, org: Any, body: str) -> None:
    """Tell the author which identifiers were removed from what they posted (the service
    removes them; detection gives the same answer on the same text)."""
    message = removed_message(redact_identifiers(org, (body or "").strip()).removed)
    if message:
        messages.warning(request, message)


def _guard(request: HttpRequest, form: Any, action: str) -> int | None:
    """Honeypot and rate limits: add a form error and answer the status to use, or None."""
    if ratelimit.honeypot_filled(request):
        form.add_error(None, ratelimit.honeypot_message())
        return 400
    limited = ratelimit.hit(request, action)
    if limited is not None:
        form.add_error(None, ratelimit.limited_message(limited))
        return 429
    return None


def _render_form(request: HttpRequest, *, form: Any, spec: registry.Commentable, target: Any,
                 heading: str, action: str, parent: Comment | None = None,
                 status: int = 200, retry_after: int | None = None) -> HttpResponse:
    response = render(request, "comments/comment_form.html", {
        "form": form, "target": target, "target_url": spec.url(target), "heading": heading,
        "action": action, "parent": parent,
    }, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _submit(request: HttpRequest, *, form: Any, spec: registry.Commentable, target: Any,
            heading: str, action: str, parent: Comment | None = None) -> HttpResponse:
    status = _guard(request, form, "comment_post") if form.is_valid() else 400
    if status is None:
        try:
            comment = services.comment_create(
                acting_user=signed_in_user(request),
                target=target, body=form.cleaned_data["body"],
                alignment=form.cleaned_data.get("alignment") or "",
                user_group=form.cleaned_data.get("user_group"), parent=parent,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            status = 400
        else:
            messages.success(request, _("Your comment is published."))
            _tell_removed(request, comment.organization, form.cleaned_data["body"])
            return redirect(comment_url(comment, spec, target))
    retry = ratelimit.check(request, "comment_post") if status == 429 else None
    return _render_form(request, form=form, spec=spec, target=target, heading=heading,
                        action=action, parent=parent, status=status,
                        retry_after=retry.retry_after if retry else None)


def create(request: HttpRequest, target_label: str, target_id: int) -> HttpResponse:
    """Write a comment on a target (the form itself sits in the target's comment section)."""
    spec, target = _target_or_404(request, target_label, target_id)
    if not request.user.is_authenticated:
        return redirect_to_login(spec.url(target))
    if not permissions.can_comment(request.user, target):
        raise Http404
    org = spec.organization(target)
    form = CommentForm(request.POST or None,
                       groups=permissions.groups_for_author(request.user, org))
    if request.method != "POST":
        return _render_form(request, form=form, spec=spec, target=target,
                            heading=_("Add a comment"), action=request.path)
    return _submit(request, form=form, spec=spec, target=target, heading=_("Add a comment"),
                   action=request.path)


def reply(request: HttpRequest, pk: int) -> HttpResponse:
    comment, spec, target = _comment_or_404(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.path)
    if not permissions.can_reply(request.user, comment, target):
        raise Http404
    form = CommentForm(request.POST or None,
                       groups=permissions.groups_for_author(request.user, comment.organization))
    heading = _("Reply to %(name)s") % {"name": comment.author.public_name}
    if request.method != "POST":
        return _render_form(request, form=form, spec=spec, target=target, heading=heading,
                            action=request.path, parent=comment)
    return _submit(request, form=form, spec=spec, target=target, heading=heading,
                   action=request.path, parent=comment)


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment, spec, target = _comment_or_404(request, pk)
    if not permissions.can_edit_comment(request.user, comment, target):
        raise Http404
    initial = {"body": comment.body, "alignment": comment.alignment}
    form = CommentEditForm(request.POST or None, initial=initial)
    heading = _("Edit your comment")
    status = 200
    if request.method == "POST":
        status = _guard(request, form, "comment_post") or 0 if form.is_valid() else 400
        if not status:
            try:
                services.comment_edit(
                    acting_user=signed_in_user(request),
                    comment=comment, target=target, body=form.cleaned_data["body"],
                    alignment=form.cleaned_data.get("alignment") or "",
                )
            except ValidationError as error:
                apply_service_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Your comment is updated."))
                _tell_removed(request, comment.organization, form.cleaned_data["body"])
                return redirect(comment_url(comment, spec, target))
    return _render_form(request, form=form, spec=spec, target=target, heading=heading,
                        action=request.path, status=status)


def delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment, spec, target = _comment_or_404(request, pk)
    if not permissions.can_delete_comment(request.user, comment, target):
        raise Http404
    if request.method == "POST":
        services.comment_delete(acting_user=signed_in_user(request),
                                comment=comment, target=target)
        messages.success(request, _("Your comment is deleted. Replies to it stay."))
        return redirect(comment_url(comment, spec, target))
    return render(request, "comments/comment_delete.html", {
        "comment": comment, "target": target, "cancel_url": comment_url(comment, spec, target),
    })


def support(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    comment, spec, target = _comment_or_404(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(comment_url(comment, spec, target))
    try:
        supported = services.comment_support_toggle(
            acting_user=request.user,
            comment=comment, target=target,
        )
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, _("You support this comment.") if supported
                     else _("You no longer support this comment."))
    return redirect(comment_url(comment, spec, target))


def report(request: HttpRequest, pk: int) -> HttpResponse:
    comment, spec, target = _comment_or_404(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.path)
    return report_object(request, comment, back_url=comment_url(comment, spec, target),
                         heading=_("Report a comment by %(name)s")
                         % {"name": comment.author.public_name})
