// Partnerhub inside a frame on an allowed host page: tells the host page how tall this page is,
// on load and on every change (a message appearing, a section opening), so that the host
// page's `embed.js` sizes the frame. The height goes to the exact origin of the host page, and
// only when that origin is one the operator allowed (PARTNERHUB_EMBED_ORIGINS), never to '*'.
// Download links (`<a download>`) are opened by the frame itself: a download the browser starts
// from the link goes without the frame's partitioned session cookie.
(function () {
  'use strict';
  if (window.parent === window) return;
  var meta = document.querySelector('meta[name="partnerhub-embed-origins"]');
  if (!meta) return;
  var allowed;
  try { allowed = JSON.parse(meta.getAttribute('content') || '[]'); } catch (e) { return; }
  var host = (location.ancestorOrigins && location.ancestorOrigins.length > 0)
    ? location.ancestorOrigins[0]
    : (document.referrer ? new URL(document.referrer).origin : '');
  function allows(pattern, origin) {
    var p, o;
    try { o = new URL(origin); } catch (e) { return false; }
    if (pattern.indexOf('://*.') > 0) {
      var scheme = pattern.slice(0, pattern.indexOf('://') + 1);
      try { p = new URL(pattern.replace('://*.', '://')); } catch (e) { return false; }
      return o.protocol === scheme && o.port === p.port && o.hostname.slice(-(p.hostname.length + 1)) === '.' + p.hostname;
    }
    try { p = new URL(pattern); } catch (e) { return false; }
    return p.origin === o.origin;
  }
  if (!host || !allowed.some(function (pattern) { return allows(pattern, host); })) return;
  var last = -1;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'partnerhub:height', height: height }, host);
  }
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
  new MutationObserver(report).observe(document.documentElement, { childList: true, subtree: true, attributes: true });
  window.addEventListener('load', report);
  report();

  document.addEventListener('click', function (event) {
    var link = event.target && event.target.closest ? event.target.closest('a[download]') : null;
    if (!link || link.origin !== location.origin || event.button !== 0 || event.ctrlKey || event.metaKey) return;
    // Opened by the frame itself, the answer (`Content-Disposition: attachment`) is saved as a
    // download with its own name, and the frame stays on this page.
    event.preventDefault();
    location.href = link.href;
  }, true);
})();
