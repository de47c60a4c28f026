// charts.js draws every chart on a page, with an ECharts made of only the parts the charts use
// (make assets bundles this file with them into static/dist/charts.js).
//
// Each chart is a <div class="chart" id="chart-NAME"> followed by
// <script type="application/json" id="chart-NAME-options"> holding its ECharts options,
// serialised by the server with encoding/json. No option is a function, so JSON.parse is all it
// takes; no inline script is needed (the CSP allows only script-src 'self').
//
// An embed's chart div holds the server's drawing of the chart (svg.chart-svg), painted before
// any script ran. The interactive chart is drawn beneath it, without animation, and the drawing
// is removed once the canvas has its first frame: the box keeps its size throughout.
import { init, use } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, MarkLineComponent, CanvasRenderer]);

// tooltipStyle styles each part of a tooltip. The CSP (style-src 'self') refuses style
// attributes, which ECharts' own tooltip markup carries; it allows setting an element's style
// properties from a script, as el() does. The tooltip's box (background, border, colour of the
// theme) is ECharts' own, set the same way.
var tooltipStyle = {
  'tt': { font: '13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
  'tt-head': { fontWeight: '600', marginBottom: '2px' },
  'tt-row': { display: 'flex', alignItems: 'center', gap: '6px' },
  'tt-mark': { display: 'inline-block', width: '10px', height: '10px', borderRadius: '50%', flex: 'none' },
  'tt-name': { flex: '1' },
  'tt-value': { fontWeight: '600', fontVariantNumeric: 'tabular-nums', marginLeft: '12px' }
};

function el(tag, className, text) {
  var e = document.createElement(tag);
  e.className = className;
  var st = tooltipStyle[className];
  for (var k in st) {
    e.style[k] = st[k];
  }
  if (text != null) {
    e.textContent = text; // a name stays text, never markup
  }
  return e;
}

// tooltip builds an axis tooltip from elements: a head (the day or category), then a row for
// each series with a value, its colour, name and value.
function tooltip(params) {
  var list = Array.isArray(params) ? params : [params];
  var box = el('div', 'tt');
  if (list.length && list[0].axisValueLabel != null) {
    // Category labels carry line breaks to wrap under the axis; a tooltip has the room.
    var head = String(list[0].axisValueLabel).replace(/\s*\n\s*/g, ' ');
    if (list[0].axisType === 'xAxis.time' && typeof list[0].axisValue === 'number') {
      // A day, as the page writes days ("15 Aug 2016"); the server sends days as UTC midnight.
      head = new Date(list[0].axisValue).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    }
    box.appendChild(el('div', 'tt-head', head));
  }
  list.forEach(function (p) {
    var v = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
    if (v == null || v === '-' || (typeof v === 'number' && isNaN(v))) {
      return;
    }
    var row = el('div', 'tt-row');
    var mark = el('span', 'tt-mark');
    if (typeof p.color === 'string') {
      mark.style.backgroundColor = p.color; // a property, not an attribute: the CSP allows it
    }
    row.appendChild(mark);
    row.appendChild(el('span', 'tt-name', p.seriesName));
    row.appendChild(el('span', 'tt-value', typeof v === 'number' ? v.toLocaleString('en-GB') : String(v)));
    box.appendChild(row);
  });
  return box;
}

// themeOf is the ECharts theme of a chart: data-theme="dark", or "auto" following the reader's
// prefers-color-scheme.
function themeOf(node) {
  var t = node.getAttribute('data-theme');
  if (t === 'auto') {
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : null;
  }
  return t === 'dark' ? 'dark' : null;
}

function draw(node) {
  var src = document.getElementById(node.id + '-options');
  if (!src || node.getAttribute('data-drawn')) {
    return;
  }
  node.setAttribute('data-drawn', 'true');
  var options;
  try {
    options = JSON.parse(src.textContent);
  } catch (e) {
    node.setAttribute('data-chart-error', 'options');
    return;
  }
  if (!options) {
    return;
  }
  var drawing = node.querySelectorAll('svg.chart-svg');
  if (drawing.length || (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches)) {
    // The reader already sees the chart: it must not grow again from nothing.
    options.animation = false;
  }
  options.tooltip = options.tooltip || {};
  options.tooltip.formatter = tooltip;
  options.tooltip.className = 'chart-tooltip';
  var theme = themeOf(node);
  if (theme) {
    options.backgroundColor = 'transparent'; // the page gives the background
    // ECharts' dark theme keeps a white tooltip; the embed's dark colours suit it better.
    options.tooltip.backgroundColor = '#2b2d31';
    options.tooltip.borderColor = '#3a3c40';
    options.tooltip.textStyle = { color: '#e8eaed' };
  }
  if (drawing.length) {
    node.classList.add('chart-replacing');
  }
  var chart = init(node, theme, { renderer: 'canvas' });
  chart.on('rendered', function () {
    for (var i = 0; i < drawing.length; i++) {
      if (drawing[i].parentNode) {
        drawing[i].parentNode.removeChild(drawing[i]);
      }
    }
    node.classList.remove('chart-replacing');
  });
  chart.on('finished', function () {
    node.setAttribute('data-rendered', 'true');
  });
  chart.setOption(options);
  if (window.ResizeObserver) {
    new ResizeObserver(function () { chart.resize(); }).observe(node);
  } else {
    window.addEventListener('resize', function () { chart.resize(); });
  }
}

function drawAll() {
  var nodes = document.querySelectorAll('div.chart[id^="chart-"]');
  for (var i = 0; i < nodes.length; i++) {
    draw(nodes[i]);
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', drawAll);
} else {
  drawAll();
}
