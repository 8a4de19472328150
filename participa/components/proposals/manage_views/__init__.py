"""Staff views of the proposals component, one module per concern."""

from participa.components.proposals.manage_views import categories, proposals

__all__ = ["categories", "proposals"]
