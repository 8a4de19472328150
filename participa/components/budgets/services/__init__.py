"""Every write of the budgets component, one module per concern: ``setup`` (the edition, its
pools, categories and checklist), ``projects`` (submission), ``supports`` (signatures),
``coauthors``, ``review`` (assessments, correction requests, merges) and ``appeals``.

The voting service asks ``appeals.voting_may_open(edition)`` before opening the vote: it lists
what stops it (projects under review, exclusions still open to appeal, appeals pending)."""
