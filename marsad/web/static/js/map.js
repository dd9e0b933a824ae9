// The places map: markers sized by article count, from /api/places, over the offline
// basemap (country and province outlines, basemap.js). Tiles are drawn only when the
// server is configured with a tile URL; nothing is fetched from a third party otherwise.
(function () {
  "use strict";
  function start() {
    var element = document.getElementById("map");
    if (!element || typeof L === "undefined") { return; }
    var map = L.map(element, { worldCopyJump: true }).setView([26, 40], 4);
    var tiles = element.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { attribution: element.getAttribute("data-attribution") || "" }).addTo(map);
    }
    if (window.MarsadBasemap) {
      window.MarsadBasemap.add(map).catch(function () { element.classList.add("no-basemap"); });
    }
    fetch(element.getAttribute("data-places"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var places = (data && data.places) || [];
        var top = places.reduce(function (m, p) { return Math.max(m, p.count); }, 1);
        var bounds = [];
        places.forEach(function (place) {
          var radius = 4 + 16 * Math.sqrt(place.count / top);
          var marker = L.circleMarker([place.lat, place.lon], {
            radius: radius, color: "#0b6e4f", weight: 1, fillOpacity: 0.5
          }).addTo(map);
          var link = document.createElement("a");
          link.href = "/search?place=" + encodeURIComponent(place.name);
          link.textContent = place.name + " (" + place.count + ")";
          marker.bindPopup(link);
          bounds.push([place.lat, place.lon]);
        });
        if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 7 }); }
      })
      .catch(function () { element.classList.add("failed"); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
