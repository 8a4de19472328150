"""Staff views of the meetings component, one module per concern."""

from participa.components.meetings.manage_views import after, agenda, meetings, registrations

__all__ = ["after", "agenda", "meetings", "registrations"]
