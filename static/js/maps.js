/* The maps of every component, drawn with Leaflet (django-leaflet's static files) in the
   element marked data-map. With data-geojson: the map of a list (proposals, budget projects),
   which stays the complete page without JavaScript. The server clusters the items per zoom
   level (map.geojson?zoom=); the map asks again, debounced, after each move or zoom that
   changes the zoom level. A single item is a marker with a popup linking to it (data-label-item
   names it); a cluster is a button showing how many items it holds, which zooms in. With
   data-lat/data-lon and/or data-area: one item's place, a point and/or an area. Every text
   reaches the page as text (textContent), never as HTML, except the tile attribution, which
   comes from the settings. */
(function () {
  "use strict";

  var DELAY = 250;

  function start(box, L) {
    var map = L.map(box, {zoomControl: false, keyboard: true});
    L.control.zoom({
      zoomInTitle: box.dataset.labelZoomIn,
      zoomOutTitle: box.dataset.labelZoomOut
    }).addTo(map);
    L.tileLayer(box.dataset.tiles, {attribution: box.dataset.attribution, maxZoom: 19})
      .addTo(map);
    var markers = L.layerGroup().addTo(map);
    var asked = 0;
    var timer = null;
    var placed = false;
    var drawn = {};
    var loadedZoom = null;

    function popup(properties) {
      var link = document.createElement("a");
      link.href = properties.url;
      link.textContent = box.dataset.labelItem.replace("%(number)s", properties.number)
        .replace("%(title)s", properties.title);
      return link;
    }

    function clusterMarker(feature, latlng) {
      var count = String(feature.properties.count);
      var text = document.createElement("span");
      text.textContent = count;
      var marker = L.marker(latlng, {
        icon: L.divIcon({className: "proposal-map-cluster", html: text, iconSize: [40, 40]}),
        keyboard: true
      });
      function zoomIn() {
        map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom()));
      }
      marker.on("click", zoomIn);
      marker.on("keypress", function (event) {
        if (event.originalEvent.key === "Enter") { zoomIn(); }
      });
      marker.on("add", function () {
        marker.getElement().setAttribute("aria-label",
          box.dataset.labelCluster.replace("%(count)s", count));
      });
      return marker;
    }

    function singleMarker(feature, latlng) {
      var label = box.dataset.labelItem.replace("%(number)s", feature.properties.number)
        .replace("%(title)s", feature.properties.title);
      return L.marker(latlng, {title: label, alt: label, keyboard: true})
        .bindPopup(popup(feature.properties));
    }

    function draw(data) {
      var features = (data && data.features) || [];
      if (!placed) {
        if (!features.length) { box.hidden = true; return; }
        placed = true;
        var bounds = L.latLngBounds(features.map(function (feature) {
          return [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
        }));
        map.fitBounds(bounds, {maxZoom: 16, padding: [24, 24]});
        loadedZoom = null;  /* the first answer drew nothing: ask even at the same zoom */
        reload();
        return;  /* fitBounds moves the map: the data comes again for the zoom it chose. */
      }
      /* Markers already drawn stay (a popup stays open, focus stays where it is); only those
         gone from the data leave, and only new ones come. */
      var next = {};
      features.forEach(function (feature) {
        var properties = feature.properties;
        var coordinates = feature.geometry.coordinates;
        var key = properties.cluster
          ? "c" + coordinates.join(",") + ":" + properties.count : "p" + properties.number;
        next[key] = drawn[key] || (properties.cluster
          ? clusterMarker(feature, L.latLng(coordinates[1], coordinates[0]))
          : singleMarker(feature, L.latLng(coordinates[1], coordinates[0])));
      });
      Object.keys(drawn).forEach(function (key) {
        if (!next[key]) { markers.removeLayer(drawn[key]); }
      });
      Object.keys(next).forEach(function (key) {
        if (!drawn[key]) { markers.addLayer(next[key]); }
      });
      drawn = next;
    }

    function load(zoom) {
      var url = box.dataset.geojson;
      url += (url.indexOf("?") < 0 ? "?" : "&") + "zoom=" + zoom;
      var ticket = ++asked;
      loadedZoom = zoom;
      fetch(url, {headers: {Accept: "application/geo+json"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (ticket === asked) { draw(data); } })
        .catch(function () { /* the list beside the map holds every item */ });
    }

    function reload() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        /* The data holds every item, clustered for a zoom level: a move alone needs none. */
        if (map.getZoom() !== loadedZoom) { load(map.getZoom()); }
      }, DELAY);
    }

    box.hidden = false;
    var view = (box.dataset.view || "50,15,4").split(",").map(Number);
    map.setView([view[0], view[1]], view[2]);
    map.on("moveend zoomend", function () { if (placed) { reload(); } });
    load(13);
  }

  /* An item's page: its point and/or its area (the text above says the same). */
  function point(box, L) {
    var lat = parseFloat(box.dataset.lat);
    var lon = parseFloat(box.dataset.lon);
    var area = null;
    try { area = box.dataset.area ? JSON.parse(box.dataset.area) : null; } catch (e) { area = null; }
    var hasPoint = isFinite(lat) && isFinite(lon);
    if (!hasPoint && !area) { return; }
    box.hidden = false;
    var map = L.map(box, {keyboard: true});
    L.tileLayer(box.dataset.tiles, {attribution: box.dataset.attribution, maxZoom: 19})
      .addTo(map);
    var bounds = null;
    if (area) {
      var shape = L.geoJSON(area).addTo(map);
      bounds = shape.getBounds();
    }
    if (hasPoint) {
      L.marker([lat, lon], {title: box.dataset.label, alt: box.dataset.label, keyboard: true})
        .addTo(map);
      bounds = bounds ? bounds.extend([lat, lon]) : null;
    }
    if (bounds && bounds.isValid()) {
      map.fitBounds(bounds, {maxZoom: 17, padding: [24, 24]});
    } else {
      map.setView([lat, lon], 16);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-map]");
    if (!box || typeof window.L === "undefined") { return; }
    if (box.dataset.lat !== undefined || box.dataset.area) { point(box, window.L); return; }
    if (window.fetch) { start(box, window.L); }
  });
}());
