// Typing into an open dropdown searches at once (issue 14). Dash 4 opens a dropdown that has a
// value with the keyboard focus on the chosen option, not on its "Search" box, so the letters
// typed went nowhere. A printable key pressed on an option moves the focus to the search box
// of the same dropdown first; the key then lands in it.
(function () {
  document.addEventListener("keydown", function (event) {
    if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var target = event.target;
    if (!target || !target.closest || target.classList.contains("dash-dropdown-search")) {
      return;
    }
    var popup = target.closest(".dash-dropdown-content");
    var search = popup && popup.querySelector("input.dash-dropdown-search");
    if (search) {
      search.focus();
    }
  }, true);
})();
