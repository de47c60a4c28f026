// embed.js: runs inside an embed page. The page arrives complete, its chart drawn by the server
// as SVG; this script loads the interactive chart (the content-named dist/charts.js, named by
// data-charts) when the chart is visible, at idle or at the reader's first touch, whichever
// comes first. It also tells the framing page how tall the embed is, so embed-resize.js there
// can fit the iframe to it (or AMP's amp-iframe); the height is not secret, so any parent may
// read it.
(function () {
  "use strict";
  // The chart's height comes from ?height= through data-height; the CSP allows no style
  // attribute, so it is set here, to the height the server's drawing already has.
  var charts = document.querySelectorAll("div.chart[data-height]");
  for (var i = 0; i < charts.length; i++) {
    var h = parseInt(charts[i].getAttribute("data-height"), 10);
    if (h >= 100 && h <= 2000) charts[i].style.height = h + "px";
  }

  var me = document.currentScript;
  var src = me && me.getAttribute("data-charts");
  if (src && charts.length) {
    var loaded = false;
    var load = function () {
      if (loaded) return;
      loaded = true;
      var s = document.createElement("script");
      s.src = src;
      document.head.appendChild(s);
    };
    if (window.IntersectionObserver) {
      var io = new IntersectionObserver(function (entries) {
        for (var j = 0; j < entries.length; j++) {
          if (entries[j].isIntersecting) { io.disconnect(); load(); return; }
        }
      });
      io.observe(charts[0]);
    }
    if (window.requestIdleCallback) window.requestIdleCallback(load, { timeout: 2000 });
    else window.setTimeout(load, 200);
    charts[0].addEventListener("pointerenter", load);
    charts[0].addEventListener("touchstart", load, { passive: true });
  }

  if (window.parent === window) return;
  var last = 0;
  function post() {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h === last) return;
    last = h;
    window.parent.postMessage({ type: "backers:embed-height", height: h, href: location.href }, "*");
    // An amp-iframe marked resizable takes its height from AMP's own message.
    window.parent.postMessage({ sentinel: "amp", type: "embed-size", height: h }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(post).observe(document.documentElement);
  window.addEventListener("load", post);
  window.addEventListener("resize", post);
  post();
})();
