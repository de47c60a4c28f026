// Admin helpers: endorser autocomplete for the quick-add form. Suggestions come from
// GET /admin/endorsers/search?q= as JSON and fill the input's <datalist>; picking one records
// its slug in the form's hidden endorser_slug field, so two endorsers with similar names
// cannot be confused. Without JavaScript the form still works by exact name.
(function () {
  "use strict";
  document.querySelectorAll("input[data-autocomplete=endorser]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var slugInput = input.form && input.form.querySelector("input[name=endorser_slug]");
    var known = {};
    var timer = null;
    var seq = 0;

    function pick() {
      if (!slugInput) return;
      var m = known[input.value.trim().toLowerCase()];
      slugInput.value = m ? m.slug : "";
    }

    function search() {
      var q = input.value.trim();
      if (q.length < 2) return;
      var mine = ++seq;
      fetch("/admin/endorsers/search?q=" + encodeURIComponent(q), {
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (r) {
        return r.ok ? r.json() : [];
      }).then(function (matches) {
        if (mine !== seq) return; // a newer search is under way
        while (list.firstChild) list.removeChild(list.firstChild);
        matches.forEach(function (m) {
          known[m.name.toLowerCase()] = m;
          var opt = document.createElement("option");
          opt.value = m.name;
          opt.label = m.kind + (m.region ? ", " + m.region : "");
          list.appendChild(opt);
        });
        pick();
      }).catch(function () { /* suggestions are a convenience; typing still works */ });
    }

    input.addEventListener("input", function () {
      pick();
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener("change", pick);
  });
})();
