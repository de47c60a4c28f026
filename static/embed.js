// embed.js: runs inside an embed page. It tells the framing page how tall the embed is, so
// embed-resize.js there can fit the iframe to it; the height is not secret, so any parent may
// read it. Charts are drawn by charts.js.
(function () {
  "use strict";
  // The chart's height comes from ?height= through data-height; the CSP allows no style
  // attribute, so it is set here, before charts.js draws the chart.
  var charts = document.querySelectorAll("div.chart[data-height]");
  for (var i = 0; i < charts.length; i++) {
    var h = parseInt(charts[i].getAttribute("data-height"), 10);
    if (h >= 100 && h <= 2000) charts[i].style.height = h + "px";
  }
  if (window.parent === window) return;
  var last = 0;
  function post() {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h === last) return;
    last = h;
    window.parent.postMessage({ type: "backers:embed-height", height: h, href: location.href }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(post).observe(document.documentElement);
  window.addEventListener("load", post);
  window.addEventListener("resize", post);
  post();
})();
