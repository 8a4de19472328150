/* The proposal form's enhancements: a map to choose the point (Leaflet, from django-leaflet's
   static files) kept in step with the latitude and longitude fields, and the similar proposals
   shown while typing. Without JavaScript the form works the same: the coordinates are typed,
   and "Preview" shows the similar proposals. */
(function () {
  "use strict";

  var form = document.getElementById("proposal-form");
  if (!form) {
    return;
  }

  function field(name) {
    return form.querySelector("[name='" + name + "']");
  }

  /* Similar proposals while typing (debounced). */
  var title = field("title");
  var body = field("body");
  var target = document.getElementById("similar-proposals");
  var timer = null;
  var lastQuery = "";

  function refreshSimilar() {
    var params = new URLSearchParams();
    params.set("title", title.value);
    params.set("body", body.value);
    if (form.dataset.exclude) {
      params.set("exclude", form.dataset.exclude);
    }
    var query = params.toString();
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    fetch(form.dataset.similarUrl + "?" + query, {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (query === lastQuery) {
          target.innerHTML = html;
        }
      })
      .catch(function () { /* the list stays as it was */ });
  }

  if (title && body && target && form.dataset.similarUrl) {
    [title, body].forEach(function (input) {
      input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(refreshSimilar, 600);
      });
    });
  }

  /* The map. */
  var element = document.getElementById("proposal-map");
  var latitude = field("latitude");
  var longitude = field("longitude");
  if (!element || !latitude || !longitude || typeof window.L === "undefined") {
    return;
  }
  var L = window.L;
  element.hidden = false;
  var help = document.getElementById("proposal-map-help");
  if (help) {
    help.hidden = false;
  }
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", element.dataset.label || "");

  var view = (element.dataset.view || "50,15,4").split(",").map(Number);
  var map = L.map(element).setView([view[0], view[1]], view[2]);
  L.tileLayer(element.dataset.tileUrl, {
    attribution: element.dataset.attribution,
    maxZoom: 19
  }).addTo(map);
  var marker = null;

  function parsed(input, limit) {
    var value = parseFloat(input.value.replace(",", "."));
    return isFinite(value) && Math.abs(value) <= limit ? value : null;
  }

  function place(lat, lng, centre) {
    if (marker) {
      marker.setLatLng([lat, lng]);
    } else {
      marker = L.marker([lat, lng]).addTo(map);
    }
    if (centre) {
      map.setView([lat, lng], Math.max(map.getZoom(), 15));
    }
  }

  function fromInputs(centre) {
    var lat = parsed(latitude, 90);
    var lng = parsed(longitude, 180);
    if (lat !== null && lng !== null) {
      place(lat, lng, centre);
    }
  }

  fromInputs(true);
  map.on("click", function (event) {
    var point = event.latlng.wrap();
    latitude.value = point.lat.toFixed(6);
    longitude.value = point.lng.toFixed(6);
    place(point.lat, point.lng, false);
  });
  [latitude, longitude].forEach(function (input) {
    input.addEventListener("change", function () { fromInputs(true); });
  });
})();
