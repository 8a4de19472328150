import pytest
from django.core.exceptions import ImproperlyConfigured

from participa.spaces import registry
from participa.spaces.registry import ComponentSpec, SettingSpec


def test_it_discovers_every_installed_component_at_start_up():
    spec = registry.get_spec("pages")
    assert spec is not None
    assert spec.app_label == "pages"
    assert "comments_enabled" in spec.phase_switches
    assert spec.default_settings() == {"show_table_of_contents": True}
    assert [s.name for s in registry.all_specs()] == [
        "budgets", "consultations", "meetings", "pages", "proposals"]
    consultations = registry.get_spec("consultations")
    assert consultations is not None and "contributions_enabled" in consultations.phase_switches


def test_it_refuses_two_different_components_with_one_name():
    clash = ComponentSpec(name="pages", label="Other", app_label="other",
                          settings={"x": SettingSpec(int, 1, "x")})
    with pytest.raises(ImproperlyConfigured):
        registry.register(clash)
    kept = registry.get_spec("pages")
    assert kept is not None and kept.app_label == "pages"


def test_it_mounts_each_component_under_its_space(client, org):
    from django.urls import reverse

    assert reverse("spaces:pages:index", args=["plan", 7]) == "/spaces/plan/pages/7/"


# Models with a component foreign key that are not items: the search index rows of the items
# and the public journal's lines about them (records of what happened to an item, not items).
NOT_ITEMS = {"search.searchdocument", "core.journalentry"}


def test_it_declares_every_model_with_a_component_foreign_key_as_an_item():
    from django.apps import apps

    from participa.spaces.models import Component

    undeclared = []
    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy or model._meta.app_label == "spaces":
            continue
        if model._meta.label_lower in NOT_ITEMS:
            continue
        has_component = any(field.many_to_one and field.concrete
                            and field.related_model is Component
                            for field in model._meta.get_fields())
        if has_component and registry.item_spec_for(model) is None:
            undeclared.append(model._meta.label)
    assert undeclared == []
    declared = {spec.kind: spec.label for spec in registry.all_item_specs()}
    assert declared == {
        "article": "consultations.article", "comment": "comments.comment",
        "consultation": "consultations.consultation",
        "contribution": "consultations.contribution", "meeting": "meetings.meeting",
        "page": "pages.page", "seat_draw": "meetings.seatdraw",
        "space": "spaces.space", "agenda_item": "meetings.agendaitem",
        "meeting_question": "meetings.agendaquestion", "registration": "meetings.registration",
        "proposal": "proposals.proposal", "proposal_category": "proposals.proposalcategory",
        "proposal_support": "proposals.support", "tracked_item": "tracking.trackeditem",
        "budget_project": "budgets.project", "budget_support": "budgets.projectsupport",
    }


def test_it_gives_every_declared_contribution_a_statistics_kind():
    missing = [spec.kind for spec in registry.all_item_specs()
               if spec.contribution and spec.stats is None]
    assert missing == []
    counted = {spec.kind: spec.stats.kind for spec in registry.all_item_specs() if spec.stats}
    assert counted == {"comment": "comments", "contribution": "consultation_contributions",
                       "meeting_question": "meeting_questions",
                       "registration": "meeting_registrations", "proposal": "proposals",
                       "proposal_support": "proposal_supports",
                       "budget_project": "budget_projects", "budget_support": "budget_supports"}


def test_it_refuses_a_contribution_without_a_statistics_kind_and_a_counted_non_contribution():
    from participa.components.pages.models import Page
    from participa.spaces.registry import ItemRule, ItemSpec, StatsPolicy

    with pytest.raises(ImproperlyConfigured, match="declare its statistics kind"):
        ItemSpec(model=Page, kind="x", visibility=ItemRule(), url=str, title=str,
                 contribution=True)
    with pytest.raises(ImproperlyConfigured, match="mark it a contribution"):
        ItemSpec(model=Page, kind="x", visibility=ItemRule(), url=str, title=str,
                 contribution=False, stats=StatsPolicy("x", "X", lambda org: org))


def test_it_finds_an_item_by_kind_model_instance_and_label():
    from participa.components.consultations.models import Consultation

    spec = registry.item_spec("consultation")
    assert spec is not None and spec.model is Consultation
    assert registry.item_spec_for(Consultation) is spec
    assert registry.item_spec_for(Consultation()) is spec
    assert registry.item_spec_for("consultations.Consultation") is spec
    assert registry.item_spec("nothing") is None


def test_it_counts_consultation_contributions_on_the_statistics_page(client_for, org, resident,
                                                                     ngo_member):
    """Declared with ``stats`` in the consultations manifest, read by the statistics."""
    import re

    from participa.components.consultations.tests.conftest import (
        make_component,
        make_consultation,
        make_contribution,
        make_space,
    )
    from participa.stats import registry as stats_registry

    assert [kind.name for kind in stats_registry.all_kinds()] == [
        "budget_projects", "budget_supports", "comments", "consultation_contributions",
        "meeting_questions", "proposals", "proposal_supports", "meeting_registrations"]
    consultation = make_consultation(make_component(make_space(org)))
    for author in (resident, resident, ngo_member):
        make_contribution(consultation, author=author)
    html = client_for(None).get("/statistics/").content.decode()
    assert re.search(r"<dt>Contributions</dt><dd>3</dd>", html)
    assert re.search(r"<dt>Participants</dt><dd>2</dd>", html)


def test_it_builds_the_main_menu_from_the_components_nav_entries(client_for, org):
    html = client_for(None).get("/").content.decode()
    nav = html[html.index('<nav class="site-nav"'):html.index("</nav>")]
    assert '<li><a href="/consultations/">Consultations</a></li>' in nav
    assert [entry.key for entry in registry.nav_entries()] == ["budgets", "consultations",
                                                              "meetings", "proposals"]
    html = client_for(None).get("/consultations/").content.decode()
    assert '<a href="/consultations/" aria-current="page">Consultations</a>' in html


def test_it_mounts_the_site_wide_urls_of_the_components():
    from django.urls import reverse

    assert [(mount.prefix, mount.module) for mount in registry.url_mounts()] == [
        ("budgets/", "participa.components.budgets.public_urls"),
        ("consultations/", "participa.components.consultations.public_urls"),
        ("meetings/", "participa.components.meetings.public_urls"),
        ("proposals/", "participa.components.proposals.public_urls")]
    assert reverse("consultations_list") == "/consultations/"
    assert reverse("meetings_list") == "/meetings/"
    assert reverse("proposals_list") == "/proposals/"
    assert reverse("proposals_journal") == "/proposals/journal/"
    assert reverse("budgets_list") == "/budgets/"


def test_a_component_app_declares_everything_in_its_manifest_and_registers_nothing_itself():
    """One registry: a component's app has no ``ready()`` hook (no hand registration with a
    shared app), and its manifest is the ``SPEC`` of its component.py."""
    from django.apps import AppConfig, apps

    components = [config for config in apps.get_app_configs()
                  if config.name.startswith("participa.components.")]
    assert sorted(config.label for config in components) == [
        "budgets", "consultations", "meetings", "pages", "proposals"]
    for config in components:
        assert type(config).ready is AppConfig.ready, config.name
        assert registry.get_spec(config.label) is not None, config.name


def test_the_consultations_intake_adapter_comes_from_its_manifest():
    from participa.intake.adapters import adapter_for

    spec = registry.get_spec("consultations")
    assert spec is not None
    assert spec.intake_adapters == {
        "consultations.mailbox":
            "participa.components.consultations.services.mailbox_import.ADAPTER"}
    assert adapter_for("consultations.mailbox").kind == "consultations.mailbox"


def test_registering_a_component_declares_its_audit_and_journal_actions(monkeypatch):
    from django.db import models
    from django.utils.functional import lazystr

    from participa.core import actions, journal

    # A throwaway component: its registration must not outlive the test.
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    monkeypatch.setattr(actions, "_TABLE", actions._TABLE.copy())
    monkeypatch.setattr(journal, "_TABLE", journal._TABLE.copy())
    monkeypatch.setattr(journal, "_SENTENCES", dict(journal._SENTENCES))

    class PollAction(models.TextChoices):
        POLL_CLOSE = "poll.close"

    class PollJournalAction(models.TextChoices):
        POLL_CLOSED = "poll_closed", "Poll closed"

    assert not actions.known_action("poll.close")
    assert not journal.known_journal_action("poll_closed")
    registry.register(ComponentSpec(
        name="polls", label="Polls", app_label="polls", audit_actions=PollAction,
        journal_actions=PollJournalAction,
        journal_sentences={"poll_closed": lazystr("Closed the poll “%(title)s”.")}))
    assert actions.known_action("poll.close")
    assert journal.known_journal_action("poll_closed")
    assert journal.sentence("poll_closed", {"title": "Bikes"}) == "Closed the poll “Bikes”."

    with pytest.raises(ImproperlyConfigured, match="journal sentences but no journal actions"):
        registry.register(ComponentSpec(
            name="surveys", label="Surveys", app_label="surveys",
            journal_sentences={"survey_closed": lazystr("Closed “%(title)s”.")}))
