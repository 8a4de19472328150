"""The staff back office at /manage/: the dashboard (helpers shared by every staff screen are in
``participa.spaces.staff``).

The screens live in ``views_organization`` (settings, scopes, areas, roles, groups, audit log)
and ``views_spaces`` (spaces, phases, components, members). Every write goes through an audited
service; every access check through a permission function (missing and forbidden: 404).
"""

from __future__ import annotations

from django.http import HttpResponse

from participa.core.http import AuthedRequest
from participa.spaces.staff import manage_view, render_manage, space_list_manageable


@manage_view()
def dashboard(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    user = request.user
    spaces = list(space_list_manageable(user, org)[:6])
    return render_manage(request, "manage/dashboard.html", {
        "spaces": spaces,
        "space_count": space_list_manageable(user, org).count(),
    }, "dashboard")

