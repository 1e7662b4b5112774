// Browser back/forward: restore a page's controls from the query string in place.
// Generic: each page that wants this renders one hidden element (dashboard.url_state.
// restore_marker) naming, for each query key, the control that holds it, and the default of a
// key the address leaves out. Without this, Dash's page router sees the new query string and
// rebuilds the whole page while charts are still drawing (plotly.js then logs errors from the
// unmounted graphs) and re-sends the map. Registered at script load, so it runs before
// dcc.Location's own popstate listener. Pages without a marker are left to the router.
(function () {
    window.addEventListener("popstate", function (event) {
        var clientside = window.dash_clientside;
        if (!clientside || !clientside.set_props) {
            return;
        }
        var path = window.location.pathname;
        var markers = document.querySelectorAll(".url-state");
        var marker = null;
        for (var i = 0; i < markers.length; i++) {
            var markerPath = markers[i].getAttribute("data-path");
            if (markerPath && (path === markerPath || (markerPath !== "/" && path.endsWith(markerPath)))) {
                marker = markers[i];
            }
        }
        if (!marker) {
            return;  // not a page that restores in place: let Dash's router handle it
        }
        event.stopImmediatePropagation();
        var controls = JSON.parse(marker.getAttribute("data-controls") || "{}");
        var defaults = JSON.parse(marker.getAttribute("data-defaults") || "{}");
        var params = new URLSearchParams(window.location.search);
        Object.keys(controls).forEach(function (key) {
            if (params.has(key)) {
                clientside.set_props(controls[key], {value: params.get(key)});
            } else if (key in defaults) {
                clientside.set_props(controls[key], {value: defaults[key]});
            }
        });
    });
})();
