"""The organization-wide pages of proposals at /proposals/ (not namespaced): every proposal,
a resident's own and the ones they support, and the public journal of proposals."""

from django.urls import URLPattern, path

from participa.components.proposals import feeds, views_account, views_journal

urlpatterns: list[URLPattern] = [
    path("", views_account.organization_list, name="proposals_list"),
    path("mine/", views_account.my_proposals, name="proposals_mine"),
    path("supported/", views_account.my_supports, name="proposals_supported"),
    # The public journal of proposals, its exports and feeds.
    path("journal/", views_journal.journal, name="proposals_journal"),
    path("journal.csv", views_journal.journal_csv, name="proposals_journal_csv"),
    path("journal.json", views_journal.journal_json, name="proposals_journal_json"),
    path("journal/feed/", feeds.ProposalsJournalFeed(), name="proposals_journal_atom"),
    path("journal/rss/", feeds.ProposalsJournalRss(), name="proposals_journal_rss"),
]
