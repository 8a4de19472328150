"""Staff views of the meetings component, one module per concern."""

from participa.components.meetings.manage_views import meetings, registrations

__all__ = ["meetings", "registrations"]
