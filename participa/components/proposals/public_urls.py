"""The organization-wide pages of proposals at /proposals/ (not namespaced)."""

from django.urls import URLPattern, path

from participa.components.proposals import feeds, views_journal

urlpatterns: list[URLPattern] = [
    # The public journal of proposals, its exports and feeds (P5).
    path("journal/", views_journal.journal, name="proposals_journal"),
    path("journal.csv", views_journal.journal_csv, name="proposals_journal_csv"),
    path("journal.json", views_journal.journal_json, name="proposals_journal_json"),
    path("journal/feed/", feeds.ProposalsJournalFeed(), name="proposals_journal_atom"),
    path("journal/rss/", feeds.ProposalsJournalRss(), name="proposals_journal_rss"),
]
