"""The journal of proposals as Atom and RSS feeds (the latest proposals, filters applied),
on Django's syndication framework like the organization's journal."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from participa.components.proposals.models import PROPOSAL_ANSWERS
from participa.components.proposals.public_journal import (
    JournalFilterSet,
    author_as_published,
    excerpt,
    journal_proposals,
)
from participa.core.http import organization_of

FEED_ENTRIES = 50


class ProposalsJournalFeed(Feed):
    """The latest proposals of the journal, with their current answer."""

    feed_type: Any = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return None

    def title(self, obj: Any) -> str:
        org = organization_of(self.request)
        return _("Journal of proposals of %(organization)s") % {"organization": org.name}

    def subtitle(self, obj: Any) -> str:
        return _("Every proposal, from every channel, with the city's answer.")

    description = subtitle

    def link(self, obj: Any) -> str:
        return reverse("proposals_journal")

    def items(self, obj: Any) -> list[Any]:
        org = organization_of(self.request)
        filterset = JournalFilterSet.from_request(
            self.request, journal_proposals(self.request.user, org), organization=org)
        return list(filterset.filtered_qs[:FEED_ENTRIES])

    def item_title(self, item: Any) -> str:
        return _("No. %(number)s: %(title)s") % {"number": item.registration_label,
                                                  "title": item.title_public}

    def item_description(self, item: Any) -> str:
        parts = [_("By %(author)s") % {"author": author_as_published(item)},
                 str(item.get_state_display())]
        if item.answer_outcome:
            parts.append(_("Answer: %(answer)s")
                         % {"answer": PROPOSAL_ANSWERS.outcome_label(item.answer_outcome)})
        parts.append(excerpt(item.body_public))
        return " · ".join(parts)

    def item_link(self, item: Any) -> str:
        return str(item.get_absolute_url())

    def item_guid(self, item: Any) -> str:
        return f"proposal-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Any) -> Any:
        return item.published_at

    def item_updateddate(self, item: Any) -> Any:
        return item.answer_published_at or item.published_at


class ProposalsJournalRss(ProposalsJournalFeed):
    feed_type = Rss201rev2Feed
