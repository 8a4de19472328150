"""Staff views of the budgets component, one module per concern: ``setup`` (the edition and
its problems, the projects' register), ``pools``, ``lists`` (categories and checklist)."""

from participa.components.budgets.manage_views import lists, pools, setup

__all__ = ["lists", "pools", "setup"]
