"""Pure-Python libraries without Django imports (see each package)."""
