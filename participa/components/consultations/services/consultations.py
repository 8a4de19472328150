"""Owner fills this module."""
