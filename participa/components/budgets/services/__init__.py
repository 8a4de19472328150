"""Every write of the budgets component, one module per concern: ``setup`` (the edition, its
pools, categories and checklist), ``projects`` (submission), ``supports`` (signatures),
``coauthors``."""
