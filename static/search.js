// search.js suggests endorsers, candidates and contests as the reader types in the site
// header's search box. Without it the box is a plain GET form to /search. It asks the JSON
// endpoint named by the input's data-suggest at most once per pause in typing (debounced),
// drops answers to queries the reader has since changed, and writes names as text, never as
// markup. Arrow keys move through the suggestions, Enter opens one, Escape closes them.
(function () {
  'use strict';

  var wait = 200; // milliseconds of no typing before asking
  var typeNames = { endorser: 'Endorser', candidate: 'Candidate', contest: 'Contest' };

  function setUp(form) {
    var input = form.querySelector('input[data-suggest]');
    var list = form.querySelector('[role=listbox]');
    if (!input || !list || !window.fetch) {
      return;
    }
    var endpoint = input.getAttribute('data-suggest');
    var timer = null;
    var asked = '';
    var active = -1;

    function close() {
      list.hidden = true;
      list.textContent = '';
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function options() {
      return list.querySelectorAll('[role=option]');
    }

    function highlight(i) {
      var opts = options();
      if (!opts.length) {
        return;
      }
      active = (i + opts.length) % opts.length;
      for (var j = 0; j < opts.length; j++) {
        opts[j].setAttribute('aria-selected', j === active ? 'true' : 'false');
      }
      input.setAttribute('aria-activedescendant', opts[active].id);
    }

    function show(q, hits) {
      if (q !== input.value.trim()) {
        return; // the reader typed on; this answer is for an old query
      }
      list.textContent = '';
      active = -1;
      if (!hits.length) {
        close();
        return;
      }
      for (var i = 0; i < hits.length; i++) {
        var h = hits[i];
        var li = document.createElement('li');
        li.id = 'site-search-option-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        var a = document.createElement('a');
        a.href = h.url;
        a.textContent = h.name;
        a.tabIndex = -1;
        li.appendChild(a);
        var small = document.createElement('small');
        small.textContent = ' ' + (typeNames[h.type] || '') + (h.detail ? ' · ' + h.detail : '');
        li.appendChild(small);
        list.appendChild(li);
      }
      list.hidden = false;
      list.setAttribute('data-query', q); // which query these answer
      input.setAttribute('aria-expanded', 'true');
    }

    function ask() {
      var q = input.value.trim();
      if (q.length < 2) {
        close();
        return;
      }
      if (q === asked) {
        return;
      }
      asked = q;
      fetch(endpoint + '?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (body) { show(q, body.suggestions || []); })
        .catch(function () { /* no suggestions; the form still searches */ });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(ask, wait);
    });
    input.addEventListener('keydown', function (e) {
      if (list.hidden) {
        return;
      }
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        highlight(active + (e.key === 'ArrowDown' ? 1 : -1));
      } else if (e.key === 'Escape') {
        close();
        asked = '';
      }
    });
    // Enter on a highlighted suggestion opens it rather than the search page. The form's
    // submit is where Enter lands whichever way the key reaches the page.
    form.addEventListener('submit', function (e) {
      if (!list.hidden && active >= 0) {
        e.preventDefault();
        window.location.href = options()[active].querySelector('a').href;
      }
    });
    // Pressing on a suggestion keeps the focus in the box, so the click follows its link
    // before the box's blur closes the list.
    list.addEventListener('mousedown', function (e) { e.preventDefault(); });
    input.addEventListener('blur', close);
  }

  function init() {
    var forms = document.querySelectorAll('form.site-search');
    for (var i = 0; i < forms.length; i++) {
      setUp(forms[i]);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
