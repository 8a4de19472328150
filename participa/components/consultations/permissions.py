"""Who may read, contribute to, answer and report on consultations.

Every check is a function here (role AND state of the consultation AND the active phase's
switches); views never decide access inline. "Missing" and "forbidden" look the same (404).
"""

from __future__ import annotations

from typing import Any

from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Consultation,
    ConsultationState,
    Contribution,
)
from participa.core import permissions as core_permissions
from participa.core.models import GroupKind, GroupMembership, UserGroup
from participa.spaces import permissions as space_permissions
from participa.spaces.models import Component


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active
                and not getattr(user, "deleted_at", None))


def can_manage_consultations(user: Any, component: Component) -> bool:
    """Create, edit, publish consultations; register contributions; draft answers; reports."""
    return space_permissions.can_manage_component(user, component)


def can_view_consultation(user: Any, consultation: Consultation) -> bool:
    """Announced consultations are visible to whoever may see the component; drafts to staff."""
    component = consultation.component
    if consultation.state == ConsultationState.DRAFT:
        return can_manage_consultations(user, component)
    return space_permissions.can_view_component(user, component)


def can_contribute(user: Any, consultation: Consultation) -> bool:
    """People of the organization, online, while recommendations are accepted.

    The component's active phase must not switch contributions off (``contributions_enabled``).
    Views call :func:`contribution_refusal` to tell the person *why* they cannot.
    """
    return contribution_refusal(user, consultation) is None


def contribution_refusal(user: Any, consultation: Consultation) -> str | None:
    """None when ``user`` may contribute online now; otherwise the reason's code.

    Codes: ``login`` (not signed in), ``forbidden`` (not of this organization or cannot see
    it), ``not_open_yet``, ``closed`` (after the deadline), ``disabled`` (phase switch off).
    """
    if not _active(user):
        return "login"
    component = consultation.component
    if not (core_permissions.belongs_to(user, component.space.organization)
            and can_view_consultation(user, consultation)
            and consultation.is_published):
        return "forbidden"
    status = consultation.status()
    if status == "upcoming":
        return "not_open_yet"
    if status != "open":
        return "closed"
    if component.space.is_process and not component.phase_switch("contributions_enabled"):
        return "disabled"
    return None


def requestable_groups(user: Any, consultation: Consultation) -> list[UserGroup]:
    """Verified NGOs and authorities the person administers or belongs to, of this city."""
    if not _active(user):
        return []
    org = consultation.component.space.organization
    return list(
        UserGroup.objects.filter(
            organization=org, verified_at__isnull=False,
            kind__in=[GroupKind.NGO, GroupKind.PUBLIC_AUTHORITY],
            memberships__user=user, memberships__status=GroupMembership.Status.ACCEPTED,
        ).distinct().order_by("name")
    )


def can_request_debate(user: Any, consultation: Consultation) -> bool:
    """A member of a verified NGO or authority, on an announced consultation not yet final."""
    return (
        can_view_consultation(user, consultation)
        and consultation.is_published
        and consultation.state != ConsultationState.FINAL
        and core_permissions.belongs_to(user, consultation.component.space.organization)
        and bool(requestable_groups(user, consultation))
    )


def can_moderate_contributions(user: Any, consultation: Consultation) -> bool:
    """Check and approve the redacted text: moderators, and the consultation's managers."""
    org = consultation.component.space.organization
    return (core_permissions.is_moderator(user, org)
            or can_manage_consultations(user, consultation.component))


def can_view_contribution_original(user: Any, contribution: Contribution) -> bool:
    """The text as received, the sender and any file: staff of the consultation only."""
    return can_moderate_contributions(user, contribution.consultation)


def can_draft_answer(user: Any, consultation: Consultation) -> bool:
    return can_manage_consultations(user, consultation.component)


def can_review_answer(user: Any, answer: Answer) -> bool:
    """Four eyes: a second official, never the one who drafted it, approves a draft."""
    return (
        answer.state == AnswerState.DRAFT
        and can_manage_consultations(user, answer.consultation.component)
        and getattr(user, "pk", None) != answer.drafted_by_id
    )


def can_publish_answers(user: Any, consultation: Consultation) -> bool:
    return can_manage_consultations(user, consultation.component)


def can_view_report(user: Any, consultation: Consultation) -> bool:
    """Published reports are public; reports in preparation are for staff."""
    return (consultation.report_published_at is not None
            and can_view_consultation(user, consultation)) or can_manage_consultations(
        user, consultation.component)
