"""The map of proposals (only visible proposals with a point, clustered into GeoJSON), the
organization's list and a resident's pages: "my proposals" (drafts too) and "my supports"."""

from __future__ import annotations

import json
import re

from django.urls import reverse

from participa.components.proposals.models import ProposalState, Support
from participa.components.proposals.tests.conftest import (
    make_component,
    make_proposal,
    make_space,
)
from participa.conftest import make_user
from participa.core.maps import cluster
from participa.spaces.models import Visibility
from participa.testing import assert_constant_queries


def map_urls(component):
    args = [component.space.slug, component.pk]
    return reverse("spaces:proposals:map", args=args), reverse("spaces:proposals:map_data",
                                                               args=args)


def test_the_map_data_holds_only_visible_proposals_with_a_point(client_for, component,
                                                                 resident):
    placed = make_proposal(component, author=resident, title="A fountain",
                           latitude="45.753000", longitude="21.225000")
    make_proposal(component, author=resident, title="Nowhere in particular")
    make_proposal(component, author=resident, title="A draft with a place",
                  state=ProposalState.DRAFT, latitude="45.7", longitude="21.2")
    _page, data = map_urls(component)

    response = client_for(None).get(data, {"zoom": "15"})

    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content) == {
        "type": "FeatureCollection",
        "features": [{
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [21.225, 45.753]},
            "properties": {"cluster": False, "count": 1, "number": placed.number,
                           "title": "A fountain", "url": placed.get_absolute_url()},
        }],
    }


def test_nearby_proposals_form_one_cluster_until_one_zooms_in():
    points = [{"number": n, "title_public": f"P{n}", "url": f"/p/{n}/",
               "latitude": 45.7530 + n * 0.0005, "longitude": 21.2250} for n in range(3)]
    far = {"number": 9, "title_public": "Far", "url": "/p/9/", "latitude": 46.77,
           "longitude": 23.59}

    wide = cluster([*points, far], 10)["features"]
    close = cluster([*points, far], 19)["features"]

    clusters = [f for f in wide if f["properties"]["cluster"]]
    assert len(wide) == 2 and len(clusters) == 1
    assert clusters[0]["properties"]["count"] == 3
    assert clusters[0]["geometry"]["coordinates"] == [21.225, 45.7535]
    assert len(close) == 4 and not any(f["properties"]["cluster"] for f in close)


def test_the_map_page_lists_the_same_proposals_as_links_without_javascript(
        client_for, component, resident):
    placed = make_proposal(component, author=resident, title="A fountain",
                           latitude="45.753", longitude="21.225")
    make_proposal(component, author=resident, title="Nowhere in particular")
    page_url, data = map_urls(component)

    page = client_for(None).get(page_url).content.decode()

    assert f'<a href="{placed.get_absolute_url()}">No. 1: A fountain</a>' in page
    assert "Nowhere in particular" not in page
    assert "1 proposal with a place" in page
    assert f'data-geojson="{data}"' in page
    assert "<script>" not in page  # strict CSP: only the static script


def test_the_map_page_loads_leaflet_with_its_settings_in_data_attributes(
        client_for, component, resident, settings):
    make_proposal(component, author=resident, latitude="45.753", longitude="21.225")
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = (
        '&copy; <a href="https://osm.example.org/" onclick="steal()">OSM</a> contributors'
        '<script>steal()</script><img src="x" onerror="steal()">')
    page_url, _data = map_urls(component)

    page = client_for(None).get(page_url).content.decode()

    assert '<script src="/static/leaflet/leaflet.js" defer></script>' in page
    assert '<script src="/static/js/maps.js" defer></script>' in page
    assert '<link rel="stylesheet" href="/static/leaflet/leaflet.css">' in page
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in page
    # The attribution is HTML for Leaflet, cleaned to text and links, escaped in the attribute.
    assert ('data-attribution="© &lt;a href=&quot;https://osm.example.org/&quot; '
            'rel=&quot;noopener&quot;&gt;OSM&lt;/a&gt; contributors"') in page
    assert "steal()" not in page
    assert 'data-label-item="No. %(number)s: %(title)s"' in page
    assert 'data-label-cluster="Proposals in this group: %(count)s. Zoom in."' in page


def test_the_map_runs_a_fixed_number_of_queries(client_for, component, resident):
    make_proposal(component, author=resident, latitude="45.75", longitude="21.22")
    page_url, data = map_urls(component)

    def grow():
        for n in range(5):
            make_proposal(component, author=resident, latitude=f"45.{n}", longitude="21.22")

    assert_constant_queries(client_for(None), page_url, grow)
    assert_constant_queries(client_for(None), data, grow)


def test_my_proposals_include_drafts_and_coauthored_ones(client_for, component, resident,
                                                         org):
    other = make_user(org, "neighbour")
    make_proposal(component, author=resident, title="My draft", state=ProposalState.DRAFT)
    make_proposal(component, author=resident, title="My published one")
    together = make_proposal(component, author=other, title="Written together")
    together.coauthors.add(resident)
    make_proposal(component, author=other, title="Not mine")
    make_proposal(component, author=other, title="Their draft", state=ProposalState.DRAFT)

    page = client_for(resident).get(reverse("proposals_mine")).content.decode()

    found = re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', page)
    assert sorted(found) == ["My draft", "My published one", "Written together"]
    assert "<h1>My proposals</h1>" in page


def test_my_supports_lists_what_i_support_that_i_may_still_see(client_for, component,
                                                              resident, org):
    other = make_user(org, "neighbour")
    supported = make_proposal(component, author=other, title="Supported by me")
    make_proposal(component, author=other, title="Not supported")
    hidden = make_proposal(make_component(make_space(org, slug="closed",
                                                     visibility=Visibility.MEMBERS)),
                           author=other, title="Now members only")
    Support.objects.create(proposal=supported, user=resident)
    Support.objects.create(proposal=hidden, user=resident)

    page = client_for(resident).get(reverse("proposals_supported")).content.decode()

    assert "Supported by me" in page
    assert "Not supported" not in page and "Now members only" not in page
    assert "You support it" in page
    empty = client_for(other).get(reverse("proposals_supported")).content.decode()
    assert "You do not support any proposal yet." in empty


def test_my_pages_ask_a_visitor_to_sign_in(client_for, org):
    for name in ("proposals_mine", "proposals_supported"):
        response = client_for(None).get(reverse(name))
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_the_organization_list_shows_every_space(client_for, component, resident, org):
    other = make_component(make_space(org, slug="district-council"))
    make_proposal(component, author=resident, title="In the ideas process")
    make_proposal(other, author=resident, title="In the district council")

    page = client_for(None).get(reverse("proposals_list")).content.decode()

    assert "In the ideas process" in page and "In the district council" in page
    assert "2 proposals found" in page
