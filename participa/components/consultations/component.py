"""The consultations component: draft decisions open for recommendations, answered one by one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from participa.spaces.registry import ComponentSpec, ExportSpec, SettingSpec


def _consultation_rows(component: Any) -> Any:
    from participa.components.consultations.exports import consultation_rows

    return consultation_rows(component)


def _contribution_rows(component: Any) -> Any:
    from participa.components.consultations.exports import contribution_rows

    return contribution_rows(component)


def _upcoming(user: Any, organization: Any, limit: int) -> Any:
    from participa.components.consultations.selectors import upcoming_debates

    return upcoming_debates(user, organization, limit)


def _seed(component: Any) -> None:
    from participa.components.consultations.seeds import seed

    seed(component)


def _personal_data(user: Any) -> dict[str, Any]:
    from participa.components.consultations.selectors import personal_data

    return personal_data(user)


SPEC = ComponentSpec(
    name="consultations",
    label=_("Consultations"),
    app_label="consultations",
    description=_(
        "Draft decisions open for recommendations: an answer to every contribution and a "
        "synthesis report."
    ),
    settings={
        "contributions_per_page": SettingSpec(
            int, 25, _("Contributions shown per page"),
        ),
    },
    phase_switches={"contributions_enabled": True},
    phase_switch_labels={"contributions_enabled": _("Recommendations accepted online")},
    exports=(
        ExportSpec("consultations", _("Consultations"), _consultation_rows, open_data=True),
        ExportSpec("contributions", _("Contributions and answers"), _contribution_rows,
                   open_data=True),
    ),
    seeds=_seed,
    personal_data=_personal_data,
    public_url_name="index",
    manage_url_name="manage_index",
    upcoming=_upcoming,
)
