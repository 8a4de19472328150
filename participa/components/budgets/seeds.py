"""Demo content of a budgets component (``make demo``): one edition with its submission open,

- two **pools**: city-wide and one district (the demo's "Zona Sud", else the first district);
- three **categories** and a four-point **review checklist**;
- six **submitted projects** with their cost items (some with a map point in Timișoara),
  written and submitted through the services by the demo's residents.

Running it again changes nothing: a component that has an edition is left alone.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from participa.components.budgets.models import Edition, Residence, VotingMethod
from participa.components.budgets.services.projects import project_create
from participa.components.budgets.services.setup import (
    category_create,
    checklist_item_create,
    edition_create,
    pool_create,
)
from participa.core.models import Role, RoleKind, Scope, User
from participa.spaces.models import Component, SpaceMembership

CATEGORIES: list[tuple[dict[str, str], int | None]] = [
    ({"ro": "Mobilitate", "pl": "Mobilność", "en": "Mobility"}, 40),
    ({"ro": "Spații verzi", "pl": "Tereny zielone", "en": "Green spaces"}, 30),
    ({"ro": "Educație și cultură", "pl": "Edukacja i kultura", "en": "Education and culture"},
     None),
]

CHECKLIST: list[dict[str, str]] = [
    {"ro": "Proiectul este de competența primăriei", "pl": "Projekt należy do zadań miasta",
     "en": "The project is within the city's competence"},
    {"ro": "Terenul aparține municipiului", "pl": "Teren należy do miasta",
     "en": "The land belongs to the city"},
    {"ro": "Costul estimat este realist", "pl": "Szacowany koszt jest realny",
     "en": "The estimated cost is realistic"},
    {"ro": "Proiectul poate fi realizat într-un an", "pl": "Projekt można zrealizować w ciągu "
     "roku", "en": "The project can be carried out within a year"},
]

# (title, description, pool index, category index, map point or None, cost items)
PROJECTS: list[tuple[str, str, int, int, tuple[str, str] | None, list[tuple[str, str]]]] = [
    ("Parcări pentru biciclete la școli",
     "Rasteluri acoperite pentru 40 de biciclete la fiecare dintre cele cinci școli din "
     "centru.", 0, 0, ("45.755100", "21.228900"),
     [("Rasteluri acoperite", "60000"), ("Montaj", "15000")]),
    ("Grădină de polenizatori în Parcul Central",
     "O pajiște cu flori pentru albine și fluturi, cu panouri explicative pentru elevi.", 0, 1,
     ("45.752700", "21.221300"), [("Semințe și plante", "12000"), ("Panouri", "8000")]),
    ("Bibliotecă în aer liber pe malul Begăi",
     "Trei căsuțe pentru cărți și bănci la umbră pe faleză.", 0, 2,
     ("45.750200", "21.236900"), [("Căsuțe pentru cărți", "9000"), ("Bănci", "21000")]),
    ("Trotuare refăcute pe strada Gării din Zona Sud",
     "Trotuarul este rupt pe 300 de metri: propunem refacerea lui cu borduri coborâte la "
     "treceri.", 1, 0, ("45.731500", "21.219800"),
     [("Pavaj", "90000"), ("Borduri coborâte", "30000")]),
    ("Loc de joacă accesibil în Zona Sud",
     "Echipamente de joacă pentru copii în scaun rulant și suprafață moale.", 1, 2, None,
     [("Echipamente", "70000"), ("Suprafață de siguranță", "25000"), ("Montaj", "5000")]),
    ("Arbori pe Calea Șagului",
     "Cincizeci de arbori de aliniament între blocuri și carosabil.", 1, 1,
     ("45.736900", "21.214400"), [("Arbori", "25000"), ("Plantare și udare un an", "15000")]),
]


def _moment(days: int) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=days)).replace(minute=0, second=0,
                                                                     microsecond=0)


def _runner(component: Component) -> User | None:
    """Who sets the edition up: a manager of the space, else an administrator."""
    membership = (SpaceMembership.objects.filter(space=component.space,
                                                 role=SpaceMembership.Role.MANAGER)
                  .select_related("user").order_by("pk").first())
    if membership is not None:
        return membership.user
    return (User.objects.filter(organization=component.space.organization,
                                roles__kind=RoleKind.ADMIN).order_by("pk").first())


def _residents(component: Component) -> list[User]:
    org = component.space.organization
    staff = set(Role.objects.filter(organization=org).values_list("user_id", flat=True))
    staff |= set(SpaceMembership.objects.filter(space__organization=org)
                 .values_list("user_id", flat=True))
    return list(User.objects.filter(organization=org, is_active=True, deleted_at__isnull=True)
                .exclude(pk__in=staff).order_by("pk"))


def _district(component: Component) -> Scope | None:
    scopes = Scope.objects.filter(organization=component.space.organization)
    return (scopes.filter(code="zona-sud").first()
            or scopes.filter(parent__isnull=False).order_by("pk").first())


def seed(component: Component) -> None:
    """The demo edition of ``component`` (nothing when it already has one)."""
    runner = _runner(component)
    residents = _residents(component)
    if runner is None or not residents or Edition.objects.filter(component=component).exists():
        return
    today = timezone.localdate()
    with transaction.atomic():
        edition = edition_create(acting_user=runner, component=component, data={
            "submission_opens_at": _moment(-10), "submission_closes_at": _moment(20),
            "review_ends_on": today + datetime.timedelta(days=50),
            "voting_opens_at": _moment(80), "voting_closes_at": _moment(95),
            "results_on": today + datetime.timedelta(days=100),
            "residence": Residence.CITY, "min_age": 14, "minors_with_consent": True,
            "tie_breaking": ["votes", "cost", "seed:2026"], "supports_enabled": True,
        })
        pools = [pool_create(acting_user=runner, edition=edition, data={
            "name": {"ro": "Proiecte pentru tot orașul", "pl": "Projekty ogólnomiejskie",
                     "en": "City-wide projects"},
            "amount": Decimal("2000000"), "min_project_cost": Decimal("10000"),
            "max_project_cost": Decimal("500000"), "method": VotingMethod.APPROVAL,
            "max_projects": 3, "rule": "equalshares/add1", "support_threshold": 5,
        })]
        district = _district(component)
        if district is not None:
            pools.append(pool_create(acting_user=runner, edition=edition, data={
                "name": dict(district.name), "scope": district,
                "amount": Decimal("500000"), "min_project_cost": Decimal("5000"),
                "max_project_cost": Decimal("150000"), "method": VotingMethod.CUMULATIVE,
                "points_total": 10, "max_points_per_project": 5, "rule": "greedy",
                "support_threshold": 3,
            }))
        categories = [category_create(acting_user=runner, edition=edition, name=name,
                                      quota_percent=quota) for name, quota in CATEGORIES]
        for text in CHECKLIST:
            checklist_item_create(acting_user=runner, edition=edition, text=text)
    for index, (title, description, pool_index, category_index, point,
                items) in enumerate(PROJECTS):
        author = residents[index % len(residents)]
        data: dict[str, Any] = {
            "title": title, "description": description,
            "pool": pools[min(pool_index, len(pools) - 1)],
            "category": categories[category_index],
        }
        if point is not None:
            data["latitude"], data["longitude"] = (Decimal(value) for value in point)
        project_create(acting_user=author, component=component, data=data,
                       cost_items=[(what, Decimal(amount)) for what, amount in items],
                       submit=True)
