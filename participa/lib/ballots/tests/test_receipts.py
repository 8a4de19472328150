from __future__ import annotations

import hashlib
import hmac
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participa.lib.ballots.receipts import (
    ALPHABET,
    ENTROPY_BITS,
    check_character,
    format_receipt,
    is_well_formed,
    new_receipt,
    normalise_receipt,
    receipt_digest,
    receipt_matches,
)

KEY = b"server secret for receipts"
SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$")


def test_it_makes_five_groups_of_four_crockford_characters():
    code = new_receipt()
    assert SHAPE.match(code), code
    assert is_well_formed(code)


def test_it_has_at_least_80_bits_of_entropy():
    assert ENTROPY_BITS >= 80
    assert math.log2(len(ALPHABET)) * 19 == ENTROPY_BITS


def test_it_does_not_repeat_codes():
    codes = {new_receipt() for _ in range(2000)}
    assert len(codes) == 2000


def test_it_reads_what_a_voter_types():
    code = new_receipt()
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise_receipt(typed) == code.replace("-", "")
    assert is_well_formed(typed)
    assert normalise_receipt(" ab-cd i o ") == "ABCD10"


def test_it_detects_every_single_mistyped_character():
    code = normalise_receipt(new_receipt())
    for position in range(len(code)):
        for char in ALPHABET:
            if char != code[position]:
                typo = code[:position] + char + code[position + 1:]
                assert not is_well_formed(typo), (code, typo)


def test_it_refuses_codes_of_the_wrong_length_or_alphabet():
    code = normalise_receipt(new_receipt())
    assert not is_well_formed(code[:-1])
    assert not is_well_formed(code + "0")
    assert not is_well_formed(code[:-1] + "U")
    assert not is_well_formed("")


def test_it_computes_a_check_character_known_by_hand():
    # Luhn mod 32 of "1": 2 * 1 = 2, check = 32 - 2 = 30 = "Y"
    assert check_character("1") == "Y"
    assert check_character("0") == "0"


def test_it_stores_an_hmac_of_the_normalised_code():
    code = new_receipt()
    digest = receipt_digest(KEY, code)
    expected = hmac.new(KEY, code.replace("-", "").encode(), hashlib.sha256).hexdigest()
    assert digest == expected
    assert receipt_digest(KEY, code.lower().replace("-", " ")) == digest
    assert receipt_digest(b"another key", code) != digest
    assert code.replace("-", "") not in digest


def test_it_matches_a_typed_code_against_its_digest():
    code = new_receipt()
    digest = receipt_digest(KEY, code)
    assert receipt_matches(KEY, code.lower(), digest)
    assert not receipt_matches(KEY, new_receipt(), digest)
    assert not receipt_matches(KEY, "not a code", digest)


def test_it_refuses_to_digest_a_malformed_code_or_with_an_empty_key():
    with pytest.raises(ValueError, match="well-formed"):
        receipt_digest(KEY, "ABCD")
    with pytest.raises(ValueError, match="empty"):
        receipt_digest(b"", new_receipt())


@given(st.text(alphabet=ALPHABET, min_size=19, max_size=19))
def test_it_accepts_any_data_with_its_check_character(data):
    code = format_receipt(data + check_character(data))
    assert is_well_formed(code)
    assert normalise_receipt(code) == data + check_character(data)
