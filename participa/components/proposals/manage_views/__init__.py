"""Staff views of the proposals component, one module per concern."""

from participa.components.proposals.manage_views import proposals

__all__ = ["proposals"]
