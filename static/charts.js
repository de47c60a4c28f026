// charts.js draws every chart on a page. Each chart is a <div class="chart" id="chart-NAME">
// followed by <script type="application/json" id="chart-NAME-options"> holding its ECharts
// options, serialised by the server with encoding/json. No option is a function, so JSON.parse
// is all it takes; no inline script is needed (the CSP allows only script-src 'self').
(function () {
  'use strict';

  function draw(el) {
    var src = document.getElementById(el.id + '-options');
    if (!src || !window.echarts) {
      return;
    }
    var options;
    try {
      options = JSON.parse(src.textContent);
    } catch (e) {
      el.setAttribute('data-chart-error', 'options');
      return;
    }
    if (!options) {
      return;
    }
    if (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
      options.animation = false;
    }
    // Embeds may ask for ECharts' dark theme (data-theme="dark"); the page gives the background.
    var theme = el.getAttribute('data-theme') === 'dark' ? 'dark' : null;
    if (theme) {
      options.backgroundColor = 'transparent';
    }
    var chart = window.echarts.init(el, theme, { renderer: 'canvas' });
    chart.on('finished', function () {
      el.setAttribute('data-rendered', 'true');
    });
    chart.setOption(options);
    if (window.ResizeObserver) {
      new ResizeObserver(function () { chart.resize(); }).observe(el);
    } else {
      window.addEventListener('resize', function () { chart.resize(); });
    }
  }

  function drawAll() {
    var els = document.querySelectorAll('div.chart[id^="chart-"]');
    for (var i = 0; i < els.length; i++) {
      draw(els[i]);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawAll);
  } else {
    drawAll();
  }
}());
