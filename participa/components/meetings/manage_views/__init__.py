"""Staff views of the meetings component, one module per concern."""

from participa.components.meetings.manage_views import (
    after,
    agenda,
    draws,
    meetings,
    registrations,
)

__all__ = ["after", "agenda", "draws", "meetings", "registrations"]
