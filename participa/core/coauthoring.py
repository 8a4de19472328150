"""Co-authors, the same way for every kind of item that has them (a proposal, a budget
project): the author invites people of the organization by the e-mail address of their
account; those who accept become co-authors. A component declares how its items take
co-authors with one :class:`Coauthoring` (its invitation model, the states in which an item
takes co-authors, who is an author, its audit actions and its own wording) and calls
:func:`coauthor_invite` and :func:`coauthor_accept` from its services and
:func:`coauthors_page` and :func:`coauthor_join_page` from its views. Every write is
keyword-only, atomic and audited, naming people by id, never by address.

The invitations themselves stay in each component's table (a real foreign key to its item,
a unique invitation per item and person), built on :class:`CoauthorInvitationBase`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participa.core.audit import record
from participa.core.form_errors import apply_service_errors
from participa.core.http import is_authenticated, signed_in_user
from participa.core.models import User

# Co-authors and pending invitations of one item, together.
MAX_COAUTHORS = 10


class CoauthorInvitationBase(models.Model):
    """An author's invitation to a person of the organization to co-author an item; the
    person becomes a co-author by accepting it (the invitation is then removed). A subclass
    adds the foreign key to its item and to the invited person, and their unique pair."""

    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        verbose_name = gettext_lazy("invitation to co-author")
        verbose_name_plural = gettext_lazy("invitations to co-author")
        ordering = ["created_at", "id"]


class CoauthorInviteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address of the person to invite"),
        help_text=gettext_lazy("The address of their account on this site."),
        error_messages={
            "required": gettext_lazy("Write the e-mail address of the person to invite."),
            "invalid": gettext_lazy("Write a valid e-mail address, e.g. ana@example.org.")})


@dataclass(frozen=True)
class Coauthoring:
    """How one kind of item takes co-authors. The sentences are the component's own (lazy
    translations): ``closed`` when the item takes no more co-authors, ``already_author``,
    ``not_invited``, ``accepted`` (after accepting) and ``at_most`` (an ``ngettext_lazy``
    counted by ``count``)."""

    invitations: type[models.Model]
    item_field: str
    open_states: tuple[str, ...]
    is_author: Callable[[Any, Any], bool]
    invite_action: models.TextChoices
    accept_action: models.TextChoices
    closed: Any
    already_author: Any
    not_invited: Any
    accepted: Any
    at_most: Any

    def invitations_of(self, item: Any) -> models.QuerySet[Any]:
        return self.invitations._default_manager.filter(**{self.item_field: item})

    def invitation_of(self, item: Any, user: Any) -> Any:
        return self.invitations_of(item).filter(user_id=getattr(user, "pk", None)).first()


def _organization(item: Any) -> Any:
    return item.component.space.organization


@transaction.atomic
def coauthor_invite(spec: Coauthoring, *, acting_user: User, item: Any, email: str) -> Any:
    """Invite the person of the organization whose account has ``email``."""
    locked = type(item)._default_manager.select_for_update().get(pk=item.pk)
    if not spec.is_author(acting_user, locked):
        raise ValidationError(_("Only its authors can invite co-authors."), code="author")
    if locked.state not in spec.open_states:
        raise ValidationError(str(spec.closed), code="final")
    address = email.strip()
    org = _organization(item)
    person = (User.objects.filter(organization=org, email__iexact=address, is_active=True,
                                  deleted_at__isnull=True).first() if address else None)
    if person is None:
        raise ValidationError(
            {"email": _("Nobody of this organization has an account with this e-mail "
                        "address.")}, code="unknown")
    if person.pk == locked.author_id or locked.coauthors.filter(pk=person.pk).exists():
        raise ValidationError({"email": str(spec.already_author)}, code="author")
    pending = spec.invitations_of(locked)
    if pending.filter(user=person).exists():
        raise ValidationError({"email": _("This person is already invited.")}, code="invited")
    if locked.coauthors.count() + pending.count() >= MAX_COAUTHORS:
        raise ValidationError({"email": spec.at_most % {"count": MAX_COAUTHORS}},
                              code="too_many")
    invitation = spec.invitations._default_manager.create(
        **{spec.item_field: locked}, user=person, invited_by=acting_user)
    record(organization=org, actor=acting_user, action=spec.invite_action, obj=locked,
           changes={"invited": [None, person.pk]})
    return invitation


@transaction.atomic
def coauthor_accept(spec: Coauthoring, *, acting_user: User, item: Any) -> Any:
    """The invited person accepts: they become a co-author."""
    locked = type(item)._default_manager.select_for_update().get(pk=item.pk)
    invitation = spec.invitation_of(locked, acting_user)
    if invitation is None:
        raise ValidationError(str(spec.not_invited), code="not_invited")
    if locked.state not in spec.open_states:
        raise ValidationError(str(spec.closed), code="final")
    invitation.delete()
    locked.coauthors.add(acting_user)
    record(organization=_organization(item), actor=acting_user, action=spec.accept_action,
           obj=locked, changes={"coauthors": [None, acting_user.pk]})
    return item


def invited_item(spec: Coauthoring, user: Any, found: Any, **lookup: Any) -> Any:
    """``found`` (the item as the visitor may see it), else the item ``lookup`` names
    when ``user`` is invited to co-author it (a draft too), else None."""
    if found is not None or not getattr(user, "is_authenticated", False):
        return found
    invitation = (spec.invitations._default_manager
                  .filter(user_id=user.pk, **{f"{spec.item_field}__{key}": value
                                              for key, value in lookup.items()})
                  .select_related(spec.item_field).first())
    return getattr(invitation, spec.item_field) if invitation is not None else None


def _login(request: HttpRequest) -> HttpResponse:
    login = reverse("account_login")
    return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")


def coauthors_page(request: HttpRequest, spec: Coauthoring, *, item: Any, template: str,
                   context: dict[str, Any]) -> HttpResponse:
    """The co-authors of ``item`` and the form to invite one (its authors only)."""
    if not is_authenticated(request):
        return _login(request)
    user = signed_in_user(request)
    if not spec.is_author(user, item):
        return HttpResponseRedirect(item.get_absolute_url())
    form = CoauthorInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = coauthor_invite(spec, acting_user=user, item=item,
                                         email=form.cleaned_data["email"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is invited: they become a co-author once "
                                        "they accept.") % {"name": invitation.user.public_name})
            return HttpResponseRedirect(request.path)
    return render(request, template, {
        **context, "form": form, "takes_coauthors": item.state in spec.open_states,
        "coauthors": list(item.coauthors.order_by("display_name", "pk")),
        "invitations": list(spec.invitations_of(item).select_related("user")),
    }, status=400 if form.errors else 200)


def coauthor_join_page(request: HttpRequest, spec: Coauthoring, *, item: Any, template: str,
                       context: dict[str, Any], next_url: Callable[[Any], str]) -> HttpResponse:
    """The invited person accepts to co-author ``item``: a page, then the POST (sent on to
    ``next_url(item)``)."""
    if not is_authenticated(request):
        return _login(request)
    user = signed_in_user(request)
    invitation = spec.invitation_of(item, user)
    if request.method == "POST" and invitation is not None:
        try:
            coauthor_accept(spec, acting_user=user, item=item)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, str(spec.accepted))
            return HttpResponseRedirect(next_url(item))
    return render(request, template, {**context, "invitation": invitation})
