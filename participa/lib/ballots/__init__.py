"""Voting in a participatory budget: ballots, their secrecy, receipts, fraud signals, open data.

Pure Python, no Django (PyNaCl for sealing, :mod:`participa.lib.pb` for the Pabulib file):

* :mod:`.methods`: server-side ballot validation per voting method (approval, cumulative,
  ranked, knapsack) with stable error codes, and the canonical form stored;
* :mod:`.sealing`: the link between a voter and their ballot, sealed with an election key whose
  private half only the electoral commission holds, offline;
* :mod:`.receipts`: receipt codes only the voter holds, stored as an HMAC;
* :mod:`.fraud`: fraud signals over vote records (IP, network, device, phone, bursts, ages,
  project authors' addresses, double votes);
* :mod:`.pabulib_export`: the anonymised ballot file of a pool, and its SHA-256.

The commission's offline tool::

    python -m participa.lib.ballots keygen --out DIR
    python -m participa.lib.ballots unseal --key DIR/election-private.key SEALED_LINK
"""

from .fraud import Channel, FraudThresholds, Signal, VoteRecord, detect
from .methods import (
    BallotError,
    InvalidBallot,
    Method,
    PoolRules,
    normalise,
    tally,
    validate,
)
from .pabulib_export import ExportBallot, PabulibExport, build_election, export
from .receipts import is_well_formed, new_receipt, normalise_receipt, receipt_digest
from .sealing import (
    SealingError,
    VoterLink,
    generate_keypair,
    link_payload,
    new_link,
    parse_link,
    seal,
    seal_link,
    unseal,
    unseal_link,
)

__all__ = [
    "BallotError",
    "Channel",
    "ExportBallot",
    "FraudThresholds",
    "InvalidBallot",
    "Method",
    "PabulibExport",
    "PoolRules",
    "SealingError",
    "Signal",
    "VoteRecord",
    "VoterLink",
    "build_election",
    "detect",
    "export",
    "generate_keypair",
    "is_well_formed",
    "link_payload",
    "new_link",
    "new_receipt",
    "normalise",
    "normalise_receipt",
    "parse_link",
    "receipt_digest",
    "seal",
    "seal_link",
    "tally",
    "unseal",
    "unseal_link",
    "validate",
]
