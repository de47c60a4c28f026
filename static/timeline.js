// timeline.js turns the dashboard's date form into a slider over the contest's timeline. The
// form works without it (a date input and a Show button, a GET to the same page); with it, the
// range input (keyboard operable: arrows, Page Up/Down, Home, End) moves the date, the label
// says the day, and the form is submitted once the reader stops moving, so the whole page
// (cards, charts, statuses) is the state as of that day.
(function () {
  'use strict';

  var months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var dayMs = 86400000;

  function setUp(form) {
    var box = form.querySelector('.timeline-slider');
    var range = form.querySelector('input[type=range]');
    var date = form.querySelector('input[type=date]');
    var output = form.querySelector('output');
    if (!box || !range || !date || !output) {
      return;
    }
    var start = Date.parse(box.getAttribute('data-min') + 'T00:00:00Z');
    if (isNaN(start)) {
      return;
    }
    box.hidden = false;

    // The day at an offset, as ISO and as the site writes it ("15 Aug 2016", as charts.Day).
    function isoAt(offset) {
      return new Date(start + offset * dayMs).toISOString().slice(0, 10);
    }
    function words(iso) {
      var d = new Date(iso + 'T00:00:00Z');
      return d.getUTCDate() + ' ' + months[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
    }

    var timer = null;
    function submitSoon(wait) {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (form.requestSubmit) {
          form.requestSubmit();
        } else {
          form.submit();
        }
      }, wait);
    }

    // Moving the slider (a drag, or each key press) shows the day at once and waits for the
    // reader to stop before loading it, so holding an arrow key does not load every day.
    range.addEventListener('input', function () {
      var iso = isoAt(Number(range.value));
      date.value = iso;
      output.textContent = words(iso);
      range.setAttribute('aria-valuetext', words(iso));
      submitSoon(700);
    });
    // A released mouse button is a choice made.
    range.addEventListener('pointerup', function () { submitSoon(150); });

    // Typing a date moves the slider with it; the Show button still submits.
    date.addEventListener('change', function () {
      var t = Date.parse(date.value + 'T00:00:00Z');
      if (!isNaN(t)) {
        range.value = String(Math.round((t - start) / dayMs));
        output.textContent = words(date.value);
        range.setAttribute('aria-valuetext', words(date.value));
      }
    });
  }

  function init() {
    var forms = document.querySelectorAll('form.timeline');
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
