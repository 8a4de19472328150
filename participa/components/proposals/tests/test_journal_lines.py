"""The organization's journal lists the proposals' lines, with their redacted title and a
link to the proposal."""

from __future__ import annotations

import pytest

from participa.components.proposals.actions import ProposalAction
from participa.components.proposals.services.proposals import proposal_create
from participa.core.models import AuditEntry, JournalEntry

pytestmark = pytest.mark.django_db


def test_publishing_online_writes_an_audited_journal_line(client, component, resident):
    proposal = proposal_create(
        acting_user=resident, component=component, publish=True,
        data={"title": "Benches for Ion Popescu", "body": "Call 0722 123 456 for details."})
    proposal.refresh_from_db()
    assert AuditEntry.objects.filter(action=ProposalAction.PROPOSAL_PUBLISH).count() == 1
    line = JournalEntry.objects.get()
    assert line.url == proposal.get_absolute_url()
    assert line.params["title"] == proposal.title_public
    page = client.get("/journal/").content.decode()
    assert f'<a href="{proposal.get_absolute_url()}">' in page
    assert "0722" not in page
