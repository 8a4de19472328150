"""Staff views of the meetings component, one module per concern."""

from participa.components.meetings.manage_views import after, agenda, meetings

__all__ = ["after", "agenda", "meetings"]
