// Accessibility repairs for Dash 4's own markup (dcc components take no aria-* props), applied
// to every node Dash mounts or re-renders (a MutationObserver), page-independent:
// * RadioItems / Checklist render role=listbox with role=option labels wrapping native radios or
//   checkboxes (interactive controls nested in interactive controls, and a listbox with no
//   name). The native inputs already do the keyboard work, so the container becomes a
//   radiogroup (group for a checklist) named by its <label for=id>, and the labels lose
//   role=option and aria-selected (which React sets again on every change of selection).
// * Dropdown: Tab lands on an aria-hidden input that forwards focus to the real button
//   (tabindex=-1). The button takes the focus itself and the hidden input leaves the tab order;
//   the button's name is the control's label followed by its current value.
// * Upload: the hidden file input is named by the drop zone's text.
(function () {
    "use strict";

    function labelFor(id) {
        if (!id) {
            return null;
        }
        var labels = document.getElementsByTagName("label");
        for (var i = 0; i < labels.length; i++) {
            if (labels[i].htmlFor === id) {
                return labels[i];
            }
        }
        return null;
    }

    function setAttr(el, name, value) {
        if (el.getAttribute(name) !== value) {
            el.setAttribute(name, value);
        }
    }

    function fixOptionsList(list) {
        setAttr(list, "role", list.classList.contains("dash-radioitems") ? "radiogroup" : "group");
        var label = labelFor(list.id);
        if (label && label.id) {
            setAttr(list, "aria-labelledby", label.id);
        }
        var options = list.querySelectorAll("label.dash-options-list-option");
        for (var i = 0; i < options.length; i++) {
            if (options[i].hasAttribute("role")) {
                options[i].removeAttribute("role");
            }
            if (options[i].hasAttribute("aria-selected")) {
                options[i].removeAttribute("aria-selected");
            }
        }
    }

    function fixDropdown(wrapper) {
        var target = wrapper.querySelector(":scope > .dash-dropdown-focus-target");
        var button = wrapper.querySelector(":scope > button.dash-dropdown");
        if (!target || !button) {
            return;
        }
        setAttr(target, "tabindex", "-1");
        if (!button.disabled) {
            setAttr(button, "tabindex", "0");
        }
        var label = labelFor(button.id);
        if (label && label.id) {
            var names = (button.getAttribute("aria-labelledby") || "").split(/\s+/)
                .filter(function (n) { return n && n !== label.id; });
            setAttr(button, "aria-labelledby", [label.id].concat(names).join(" "));
        }
    }

    function fixUpload(input) {
        if (!input.getAttribute("aria-label") && !input.labels.length && input.parentElement) {
            var text = input.parentElement.textContent.replace(/\s+/g, " ").trim();
            input.setAttribute("aria-label", text || "Choose a file");
        }
    }

    function repair(root) {
        var i;
        var lists = root.querySelectorAll(".dash-radioitems, .dash-checklist");
        for (i = 0; i < lists.length; i++) {
            fixOptionsList(lists[i]);
        }
        var dropdowns = root.querySelectorAll(".dash-dropdown-wrapper");
        for (i = 0; i < dropdowns.length; i++) {
            fixDropdown(dropdowns[i]);
        }
        var files = root.querySelectorAll("input[type=file]");
        for (i = 0; i < files.length; i++) {
            fixUpload(files[i]);
        }
    }

    var scheduled = false;
    function outsidePlots(record) {
        var node = record.target;
        return !(node.closest && node.closest(".js-plotly-plot"));
    }
    function schedule(records) {
        // plotly redraws (hover, zoom) change the DOM often and hold no form controls
        if (!scheduled && records.some(outsidePlots)) {
            scheduled = true;
            // a microtask: after React's commit, before the browser paints or a user can act
            Promise.resolve().then(function () {
                scheduled = false;
                repair(document);
            });
        }
    }

    function start() {
        repair(document);
        new MutationObserver(schedule).observe(document.body, {
            childList: true, subtree: true, attributes: true,
            attributeFilter: ["role", "aria-selected", "tabindex", "aria-labelledby", "for"],
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}());
