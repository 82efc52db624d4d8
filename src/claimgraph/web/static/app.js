// claimgraph web: small progressive enhancements (the pages work without it).
// Hovering or focusing an attribution highlights all of its pieces, its marker
// (which shows its details) and its ledger entry.
(function () {
  "use strict";
  function ids(el) {
    var v = el && el.getAttribute && el.getAttribute("data-attr");
    return v ? v.split(" ") : [];
  }
  function setActive(list, on) {
    list.forEach(function (id) {
      document.querySelectorAll("[data-attr]").forEach(function (el) {
        if (ids(el).indexOf(id) !== -1) { el.classList.toggle("active", on); }
      });
    });
  }
  function owner(target) {
    return target && target.closest ? target.closest("[data-attr]") : null;
  }
  var current = [];
  function activate(el) {
    setActive(current, false);
    current = el ? ids(el).slice(0, 1) : [];
    setActive(current, true);
  }
  document.addEventListener("mouseover", function (e) { activate(owner(e.target)); });
  document.addEventListener("focusin", function (e) {
    var el = owner(e.target);
    activate(el);
    if (el && el.classList.contains("attr-anchor")) {
      var entry = document.getElementById("ledger-" + ids(el)[0]);
      if (entry && entry.scrollIntoView) { entry.scrollIntoView({ block: "nearest" }); }
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { activate(null); }
  });
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t && t.getAttribute && t.getAttribute("data-toggle") === "removed") {
      document.body.classList.toggle("show-removed", t.checked);
    }
  });
})();
