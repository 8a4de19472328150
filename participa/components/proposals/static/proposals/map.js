/* The proposals' map: OpenStreetMap tiles and the server's clusters (GeoJSON) drawn over the
   list of proposals, which stays the complete page without JavaScript. No library: tiles are
   images placed in a grid (Web Mercator), markers are links, clusters zoom in. */
(function () {
  "use strict";
  var TILE = 256;

  function project(lon, lat, zoom) {
    var scale = Math.pow(2, zoom) * TILE;
    var rad = Math.max(Math.min(lat, 85.0511), -85.0511) * Math.PI / 180;
    return {
      x: (lon + 180) / 360 * scale,
      y: (1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2 * scale
    };
  }

  function unproject(x, y, zoom) {
    var scale = Math.pow(2, zoom) * TILE;
    var n = Math.PI - 2 * Math.PI * y / scale;
    return {lon: x / scale * 360 - 180, lat: 180 / Math.PI * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)))};
  }

  function start(box) {
    var state = {zoom: 13, center: null};
    var canvas = document.createElement("div");
    canvas.className = "proposal-map-canvas";
    var controls = document.createElement("div");
    controls.className = "proposal-map-controls";
    var attribution = document.createElement("p");
    attribution.className = "proposal-map-attribution";
    attribution.textContent = box.dataset.attribution;
    [["+", box.dataset.labelZoomIn, 1], ["−", box.dataset.labelZoomOut, -1]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[0];
      button.setAttribute("aria-label", spec[1]);
      button.addEventListener("click", function () {
        state.zoom = Math.max(2, Math.min(19, state.zoom + spec[2]));
        load();
      });
      controls.appendChild(button);
    });
    box.appendChild(canvas);
    box.appendChild(controls);
    box.appendChild(attribution);
    box.hidden = false;

    function draw(data) {
      var features = data.features || [];
      if (!state.center) {
        if (!features.length) { box.hidden = true; return; }
        var lon = 0, lat = 0;
        features.forEach(function (f) { lon += f.geometry.coordinates[0]; lat += f.geometry.coordinates[1]; });
        state.center = {lon: lon / features.length, lat: lat / features.length};
      }
      var width = canvas.clientWidth, height = canvas.clientHeight;
      var middle = project(state.center.lon, state.center.lat, state.zoom);
      var left = middle.x - width / 2, top = middle.y - height / 2;
      canvas.textContent = "";
      var max = Math.pow(2, state.zoom);
      for (var tx = Math.floor(left / TILE); tx <= Math.floor((left + width) / TILE); tx++) {
        for (var ty = Math.floor(top / TILE); ty <= Math.floor((top + height) / TILE); ty++) {
          if (ty < 0 || ty >= max) { continue; }
          var img = document.createElement("img");
          img.alt = "";
          img.className = "proposal-map-tile";
          img.src = box.dataset.tiles.replace("{z}", state.zoom)
            .replace("{x}", ((tx % max) + max) % max).replace("{y}", ty);
          img.style.left = (tx * TILE - left) + "px";
          img.style.top = (ty * TILE - top) + "px";
          canvas.appendChild(img);
        }
      }
      features.forEach(function (f) {
        var p = project(f.geometry.coordinates[0], f.geometry.coordinates[1], state.zoom);
        var marker;
        if (f.properties.cluster) {
          marker = document.createElement("button");
          marker.type = "button";
          marker.className = "proposal-map-marker is-cluster";
          marker.textContent = f.properties.count;
          marker.setAttribute("aria-label", f.properties.count + " " + box.dataset.labelCluster);
          marker.addEventListener("click", function () {
            state.center = unproject(p.x, p.y, state.zoom);
            state.zoom = Math.min(19, state.zoom + 2);
            load();
          });
        } else {
          marker = document.createElement("a");
          marker.className = "proposal-map-marker";
          marker.href = f.properties.url;
          marker.textContent = f.properties.number;
          marker.title = f.properties.title;
        }
        marker.style.left = (p.x - left) + "px";
        marker.style.top = (p.y - top) + "px";
        canvas.appendChild(marker);
      });
    }

    function load() {
      var url = box.dataset.geojson;
      url += (url.indexOf("?") < 0 ? "?" : "&") + "zoom=" + state.zoom;
      fetch(url, {headers: {Accept: "application/geo+json"}})
        .then(function (response) { return response.json(); })
        .then(draw)
        .catch(function () { box.hidden = true; });
    }

    load();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("proposal-map");
    if (box && window.fetch) { start(box); }
  });
}());
