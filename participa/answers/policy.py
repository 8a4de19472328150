"""What an item type's official answers may say: its ``AnswerPolicy``.

Each component declares one policy per answered item type (consultations: contributions;
later proposals, budget assessments and appeals, action-plan status reviews) in its manifest
(``ItemSpec.answers``); ``answer_policy(model)`` reads it for the shared forms, services and
constraints of this app. There is no registry here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from participa.spaces.registry import item_spec_for


@dataclass(frozen=True)
class AnswerPolicy:
    """The allowed outcomes (value, label), those that need no justification, and whether a
    second official must approve an answer before it is published (four eyes)."""

    name: str
    outcomes: Sequence[tuple[str, Any]]
    justification_optional: frozenset[str] = field(default_factory=frozenset)
    four_eyes: bool = True
    # Shown when a justification is missing: names what may go without one.
    justification_required_message: Any = None
    outcome_required_message: Any = None

    @property
    def outcome_values(self) -> list[str]:
        return [value for value, _label in self.outcomes]

    def outcome_label(self, value: str) -> Any:
        return dict(self.outcomes).get(value, value)

    def needs_justification(self, outcome: str) -> bool:
        return outcome not in self.justification_optional


def answer_policy(model: Any) -> AnswerPolicy:
    """The answer policy the manifest declares for ``model`` (a model, an instance or an
    "app.model" label); ImproperlyConfigured when its item declares none."""
    spec = item_spec_for(model)
    if spec is None or not isinstance(spec.answers, AnswerPolicy):
        raise ImproperlyConfigured(f"No answer policy is declared for {model!r}.")
    return spec.answers
