"""Staff views of the proposals component, one module per concern."""

from participa.components.proposals.manage_views import answers, evaluation, proposals

__all__ = ["answers", "evaluation", "proposals"]
