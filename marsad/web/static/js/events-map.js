// The events map: one marker per event, sized by its death toll, from /api/events,
// over the offline basemap (country and province outlines, basemap.js). Tiles are
// drawn only when the server is configured with a tile URL; nothing is fetched from a
// third party otherwise.
// Text from articles is set with textContent, never as HTML.
(function () {
  "use strict";
  function popup(event) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = "#event-" + event.id;
    link.textContent = (event.place || "") + " " + (event.date || "");
    box.appendChild(link);
    var line = document.createElement("div");
    var figures = event.fatalities === null ? "" : " · قتلى: " + event.fatalities;
    line.textContent = event.sub_type + figures + " · المصادر: " + (event.outlets || event.mentions.length);
    box.appendChild(line);
    return box;
  }
  function start() {
    var element = document.getElementById("event-map");
    if (!element || typeof L === "undefined") { return; }
    var map = L.map(element, { worldCopyJump: true }).setView([33, 40], 5);
    var tiles = element.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { attribution: element.getAttribute("data-attribution") || "" }).addTo(map);
    }
    if (window.MarsadBasemap) {
      window.MarsadBasemap.add(map).catch(function () { element.classList.add("no-basemap"); });
    }
    fetch(element.getAttribute("data-events"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var events = ((data && data.events) || []).filter(function (e) {
          return e.lat !== null && e.lon !== null;
        });
        var bounds = [];
        events.forEach(function (event) {
          var toll = event.fatalities || 0;
          var marker = L.circleMarker([event.lat, event.lon], {
            radius: 5 + Math.min(15, 3 * Math.sqrt(toll)), color: "#a4161a", weight: 1, fillOpacity: 0.55
          }).addTo(map);
          marker.bindPopup(popup(event));
          bounds.push([event.lat, event.lon]);
        });
        if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 9 }); }
        else if (bounds.length === 1) { map.setView(bounds[0], 8); }
      })
      .catch(function () { element.classList.add("failed"); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
