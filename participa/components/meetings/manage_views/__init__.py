"""Staff views of the meetings component, one module per concern."""

from participa.components.meetings.manage_views import draws, meetings

__all__ = ["draws", "meetings"]
