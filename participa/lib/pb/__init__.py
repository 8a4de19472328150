"""Participatory-budget counting: Pabulib files in and out. Pure Python and NumPy, no Django."""

from .model import Ballots, Election, Project
from .pabulib import PabulibError, Problem, ReadResult, read, read_bytes, read_string, write

__all__ = [
    "Ballots",
    "Election",
    "PabulibError",
    "Problem",
    "Project",
    "ReadResult",
    "read",
    "read_bytes",
    "read_string",
    "write",
]
