// Browser back/forward on the atlas page: restore the controls from the query string in place.
// Without this, Dash's page router sees the new query string and rebuilds the whole page while
// charts are still drawing (plotly.js then logs errors from the unmounted graphs) and re-sends
// the map. Registered at script load, so it runs before dcc.Location's own popstate listener.
(function () {
    var CONTROLS = {
        indicator: "atlas-indicator",
        geography: "atlas-geography",
        period: "atlas-period",
        colouring: "atlas-colouring",
        area: "atlas-area"
    };
    window.addEventListener("popstate", function (event) {
        var clientside = window.dash_clientside;
        if (!document.getElementById(CONTROLS.indicator) || !clientside || !clientside.set_props) {
            return;  // not on the atlas page: let Dash's router handle it
        }
        if (window.location.pathname !== "/") {
            return;
        }
        event.stopImmediatePropagation();
        var params = new URLSearchParams(window.location.search);
        Object.keys(CONTROLS).forEach(function (key) {
            var value = params.get(key);
            if (value !== null || key === "area") {
                clientside.set_props(CONTROLS[key], {value: value});
            }
        });
    });
})();
