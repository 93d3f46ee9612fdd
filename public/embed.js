// Partnerhub's script for a host page (an intranet portal) that frames Partnerhub. Include it
// from Partnerhub itself, once, anywhere on the page:
//   <script src="https://partners.example/embed.js" defer></script>
// It sizes every Partnerhub frame on the page to its content: the framed page reports its
// height by postMessage to this page's origin only, and this script accepts messages from
// Partnerhub's origin only (the origin it was loaded from).
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var partnerhub = new URL(script.src).origin;
  window.addEventListener('message', function (event) {
    if (event.origin !== partnerhub) return;
    var data = event.data;
    if (!data || data.type !== 'partnerhub:height' || typeof data.height !== 'number' || !isFinite(data.height)) return;
    var height = Math.ceil(Math.min(Math.max(data.height, 0), 100000));
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) frames[i].style.height = height + 'px';
    }
  });
})();
