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

// CSV import: upload with a progress bar, then go to the preview; confirming says it is busy.
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (form) {
    var bar = document.getElementById("import-progress");
    var status = document.getElementById("import-status");
    form.addEventListener("submit", function (ev) {
      if (!window.FormData || !window.XMLHttpRequest) return; // the plain form still works
      ev.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      bar.hidden = false;
      bar.value = 0;
      status.textContent = "Uploading…";
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round(e.loaded * 100 / e.total);
          status.textContent = "Uploading… " + bar.value + "%";
        }
      });
      xhr.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
        if (xhr.status === 200 && body.next) {
          status.textContent = "Checking the file…";
          window.location.assign(body.next);
        } else {
          bar.hidden = true;
          status.textContent = body.error || "The upload failed (" + xhr.status + ").";
        }
      });
      xhr.addEventListener("error", function () {
        bar.hidden = true;
        status.textContent = "The upload failed: check the connection and try again.";
      });
      xhr.send(new FormData(form));
    });
  }
  var confirmForm = document.getElementById("import-confirm");
  if (confirmForm) {
    confirmForm.addEventListener("submit", function () {
      var button = confirmForm.querySelector("button");
      button.disabled = true;
      var s = confirmForm.querySelector("#import-status");
      if (s) s.textContent = "Importing… a large file takes a little while.";
    });
  }
})();
