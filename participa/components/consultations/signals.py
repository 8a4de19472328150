"""Registrations with the shared services (attachments, search), done once at start-up."""
