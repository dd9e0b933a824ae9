// The offline basemap: country and province outlines with Arabic labels, drawn from
// GeoJSON shipped with Marsad (/static/basemap/), so a map needs no tile server.
// Outlines sit in their own pane under the markers; labels never take clicks.
// Country labels show from zoom 3 to 6, province labels from zoom 6.
(function () {
  "use strict";
  var BASE = "/static/basemap/";
  var STYLES = {
    countries: { color: "#8a8a8a", weight: 1, fillColor: "#f6f3ec", fillOpacity: 1 },
    admin1: { color: "#b5b0a5", weight: 0.6, dashArray: "3 3", fill: false }
  };
  var ZOOMS = { countries: [3, 6], admin1: [6, 19] };

  function label(text, kind) {
    var element = document.createElement("span");
    element.className = "map-label map-label-" + kind;
    element.textContent = text;
    return L.divIcon({ html: element, className: "", iconSize: null });
  }

  function layer(map, kind) {
    var labels = L.layerGroup();
    return fetch(BASE + kind + ".geojson", { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        L.geoJSON(data, { pane: "basemap", style: STYLES[kind], interactive: false }).addTo(map);
        data.features.forEach(function (feature) {
          var where = feature.properties.label;
          L.marker(where, {
            icon: label(feature.properties.name_ar, kind), pane: "basemap-labels",
            interactive: false, keyboard: false
          }).addTo(labels);
        });
        function toggle() {
          var zoom = map.getZoom();
          var shown = zoom >= ZOOMS[kind][0] && zoom < ZOOMS[kind][1];
          if (shown && !map.hasLayer(labels)) { labels.addTo(map); }
          if (!shown && map.hasLayer(labels)) { map.removeLayer(labels); }
        }
        map.on("zoomend", toggle);
        toggle();
      });
  }

  window.MarsadBasemap = {
    // Draw the outlines and labels on a Leaflet map; returns a promise.
    add: function (map) {
      map.createPane("basemap").style.zIndex = 250;
      var labels = map.createPane("basemap-labels");
      labels.style.zIndex = 350;
      labels.style.pointerEvents = "none";
      map.attributionControl.addAttribution(
        "حدود: Natural Earth، Who's On First · أماكن: GeoNames، OpenSyria/OCHA"
      );
      return Promise.all([layer(map, "countries"), layer(map, "admin1")]);
    }
  };
})();
