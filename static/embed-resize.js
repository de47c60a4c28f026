// embed-resize.js: include it beside a backers embed iframe on any page. Each embed posts its
// content height; this script sets the height of the iframe that sent it. It trusts only
// messages from the site that served this script, and only for iframes showing that site.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src, document.baseURI).origin;
  if (window.__backersEmbedResize && window.__backersEmbedResize[origin]) return;
  window.__backersEmbedResize = window.__backersEmbedResize || {};
  window.__backersEmbedResize[origin] = true;

  window.addEventListener("message", function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== "backers:embed-height") return;
    var height = Number(data.height);
    if (!isFinite(height) || height < 50 || height > 5000) return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      var src;
      try { src = new URL(frame.src, document.baseURI); } catch (e) { return; }
      if (src.origin !== origin) return;
      frame.height = String(Math.ceil(height));
      frame.style.height = Math.ceil(height) + "px";
      return;
    }
  });
})();
