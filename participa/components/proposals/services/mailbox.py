"""Mailbox imports into a proposals component, on the shared intake: the uploads are kept
and read in the background, previewed, and the chosen messages registered as proposals
received by e-mail (each audited as ``proposal.register``), resumably and never twice."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from participa.components.proposals import permissions
from participa.components.proposals.intake import ADAPTER, KIND
from participa.components.proposals.models import Publication
from participa.core.models import User
from participa.intake import services as intake
from participa.intake.models import IntakeBatch
from participa.spaces.models import Component


def pending_batches(component: Component) -> models.QuerySet[IntakeBatch]:
    """The component's mailbox batches not yet finished."""
    return intake.batches_for(component).filter(kind=KIND)


def _check(acting_user: User, component: Component) -> None:
    if not permissions.can_manage_proposals(acting_user, component):
        raise PermissionDenied


@transaction.atomic
def import_start(*, acting_user: User, component: Component,
                 files: list[tuple[str, bytes]]) -> IntakeBatch:
    """Keep the uploads and read them in the background (the person's earlier unfinished
    batch is replaced)."""
    _check(acting_user, component)
    return intake.batch_start(acting_user=acting_user, adapter=ADAPTER, target=component,
                              files=files)


@transaction.atomic
def import_confirm(*, acting_user: User, component: Component, batch: IntakeBatch,
                   chosen: list[str] | None, publication: str) -> bool:
    """Register the chosen messages (``None``: all), published as ``publication`` once
    reviewed; False when the batch was already confirmed."""
    _check(acting_user, component)
    if publication not in (Publication.NAMED, Publication.ANONYMOUS):
        publication = Publication.ANONYMOUS
    return intake.batch_confirm(batch=batch, chosen=chosen,
                                options={"publication": publication}) is not None


@transaction.atomic
def import_discard(*, acting_user: User, component: Component, batch: IntakeBatch) -> None:
    """Cancel (or finish) a batch: its files are deleted; proposals registered stay."""
    _check(acting_user, component)
    intake.batch_discard(batch=batch)
