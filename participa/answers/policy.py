"""What an item type's official answers may say: its ``AnswerPolicy``.

Each component declares one policy per answered item type (consultations: contributions;
later proposals, budget assessments and appeals, action-plan status reviews) and passes it to
the shared forms, services and constraints of this app. There is no registry here: the
component manifest (``ItemSpec.answers``) will hold the policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


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
