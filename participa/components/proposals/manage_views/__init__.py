"""Staff views of the proposals component, one module per concern."""

from participa.components.proposals.manage_views import (
    answers,
    categories,
    evaluation,
    proposals,
)

__all__ = ["answers", "categories", "evaluation", "proposals"]
