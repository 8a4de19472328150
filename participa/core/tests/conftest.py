"""Fixtures for the people and groups tests (the personas come from participa/conftest.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from participa.conftest import make_user
from participa.core.models import GroupKind, GroupMembership, Organization, User, UserGroup


def normalized(html: str) -> str:
    """The page without what differs on every render (CSRF tokens, the CSP nonce)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', 'nonce=""', html)


class _FormAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.inputs: list[str] = []
        self.labels: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        if tag == "label" and data.get("for"):
            self.labels.add(str(data["for"]))
        if tag in {"input", "select", "textarea"} and data.get("type") not in {
            "hidden", "submit", "button"
        }:
            self.inputs.append(str(data.get("id") or ""))


def assert_accessible_page(html: str) -> None:
    """One h1, every visible input labelled, the site layout around it."""
    audit = _FormAudit()
    audit.feed(html)
    assert audit.h1 == 1, f"{audit.h1} h1 elements"
    unlabelled = [input_id for input_id in audit.inputs if input_id not in audit.labels]
    # The header's language picker is labelled too; nothing may lack a label.
    assert unlabelled == [], f"inputs without a label: {unlabelled}"
    assert 'id="main"' in html and "site-header" in html


@pytest.fixture
def accessible_page() -> Any:
    return assert_accessible_page


@pytest.fixture
def neighbour(org: Organization) -> User:
    """Another resident of ``org``."""
    return make_user(org, "neighbour")


@pytest.fixture
def group_with_request(ngo: UserGroup, ngo_member: User, resident: User) -> GroupMembership:
    """ngo (admin: ngo_member) with a pending request from resident."""
    return GroupMembership.objects.create(group=ngo, user=resident,
                                          status=GroupMembership.Status.REQUESTED)


@pytest.fixture
def other_group(other_org: Organization) -> UserGroup:
    return UserGroup.objects.create(organization=other_org, name="Stowarzyszenie Inne",
                                    slug="stowarzyszenie", kind=GroupKind.NGO)
