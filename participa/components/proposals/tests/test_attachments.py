"""Photos and documents of a proposal: its authors manage a draft's files, the proposal page
shows the photos with their description as alternative text."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participa.attachments.models import Attachment
from participa.attachments.services import attachment_create
from participa.attachments.tests.samples import pdf_bytes, png_bytes
from participa.components.proposals.models import Proposal, ProposalState
from participa.components.proposals.tests.conftest import make_proposal
from participa.core.models import User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def attach(proposal: Proposal, name: str, content: bytes, title: str) -> None:
    attachment_create(acting_user=None, target=proposal, file=SimpleUploadedFile(name, content),
                      file_name=name, size=len(content), title={"en": title})


def manage_url(proposal: Proposal) -> str:
    return reverse("attachments:manage", args=["proposals.proposal", proposal.pk])


def test_it_lets_the_authors_manage_a_drafts_files(client_for: Any, component: Component,
                                                   resident: User, ngo_member: User) -> None:
    draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
    assert client_for(resident).get(manage_url(draft)).status_code == 200
    assert client_for(ngo_member).get(manage_url(draft)).status_code == 404
    published = make_proposal(component, author=resident)
    assert client_for(resident).get(manage_url(published)).status_code == 404


def test_it_shows_photos_with_their_description_and_lists_documents(
        client_for: Any, component: Component, resident: User) -> None:
    proposal = make_proposal(component, author=resident)
    attach(proposal, "bench.png", png_bytes(), "The broken bench by the lake")
    attach(proposal, "plan.pdf", pdf_bytes(), "Site plan")
    page = client_for(None).get(proposal.get_absolute_url()).content.decode()
    assert 'alt="The broken bench by the lake"' in page
    assert "Site plan" in page


def test_it_shows_a_drafts_photos_to_its_authors_only(client_for: Any, component: Component,
                                                      resident: User, ngo_member: User) -> None:
    draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
    attach(draft, "bench.png", png_bytes(), "The broken bench by the lake")
    page = client_for(resident).get(draft.get_absolute_url()).content.decode()
    assert 'alt="The broken bench by the lake"' in page
    photo = Attachment.objects.get()
    assert client_for(resident).get(photo.get_absolute_url()).status_code == 200
    assert client_for(ngo_member).get(photo.get_absolute_url()).status_code == 404
    assert client_for(None).get(photo.get_absolute_url()).status_code == 404
