/* A map to choose a point (Leaflet, from django-leaflet's static files), kept in step with the
   form's latitude and longitude fields: the element marked data-point-picker, and the help
   text whose id is the element's followed by "-help". Used by the proposal and the budget
   project forms. Without JavaScript the form works the same: the address is enough, the
   coordinates can be typed. */
(function () {
  "use strict";

  var element = document.querySelector("[data-point-picker]");
  var form = element ? element.closest("form") : null;
  if (!form) {
    return;
  }

  function field(name) {
    return form.querySelector("[name='" + name + "']");
  }

  var latitude = field("latitude");
  var longitude = field("longitude");
  if (!element || !latitude || !longitude || typeof window.L === "undefined") {
    return;
  }
  var L = window.L;
  element.hidden = false;
  var help = document.getElementById(element.id + "-help");
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
