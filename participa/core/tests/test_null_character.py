"""A NUL character in an address answers 404, not a server error (PostgreSQL refuses NUL in
text, so a view passing it to a query would fail)."""

from __future__ import annotations

from typing import Any

import pytest

from participa.core import selectors

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.mark.parametrize("path", ["/people/%00/", "/people/resident%00/", "/groups/%00/",
                                  "/%00"])
def test_it_answers_404_to_a_nul_in_the_address(client_for: Any, resident: Any,
                                                path: str) -> None:
    for user in (None, resident):
        assert client_for(user).get(path).status_code == 404


def test_the_profile_selector_finds_nobody_for_a_nul(org: Any, resident: Any) -> None:
    assert selectors.profile_get_visible(None, org, "\x00") is None
    assert selectors.profile_get_visible(None, org, f"{resident.username}\x00") is None
