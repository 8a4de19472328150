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
    assert [s.name for s in registry.all_specs()] == ["consultations", "pages"]
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
