"""Participatory-budget counting: Pabulib files in and out, greedy and Method of Equal Shares.

Pure Python and NumPy, no Django. Recount a published result with::

    python -m participa.lib.pb verify ELECTION.pb

Main entry points: :func:`read` (a ``.pb`` file to an :class:`Election`), :func:`count` (an
election and a rule name to a :class:`Result`), :func:`write` (an election to ``.pb`` text).
"""

from .model import Ballots, Election, Project
from .pabulib import PabulibError, Problem, ReadResult, read, read_bytes, read_string, write
from .result import Result, Tie
from .rules import RULE_NAMES, Profile, RuleError, TieBreaking, count
from .stats import stats

__all__ = [
    "RULE_NAMES",
    "Ballots",
    "Election",
    "PabulibError",
    "Problem",
    "Profile",
    "Project",
    "ReadResult",
    "Result",
    "RuleError",
    "Tie",
    "TieBreaking",
    "count",
    "read",
    "read_bytes",
    "read_string",
    "stats",
    "write",
]
