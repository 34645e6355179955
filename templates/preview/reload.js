/* cuebook serve's preview script: added to each page on its way out of the preview server,
   never written into the site. It asks for the state of the build as it changes; it reloads
   the page when the site's build number moves, and while the other formats of the book are
   rebuilt it shows a small status badge ("handout updating…", then "handout ready" with a
   link to the fresh file). The badge is fixed in a corner (it moves nothing on the page) and
   is a polite live region, so a screen reader says its changes without interrupting. */
(function () {
  "use strict";
  var seen = null;
  var shown = null;
  var badge = document.createElement("div");
  badge.id = "cuebook-preview-status";
  badge.setAttribute("role", "status");
  badge.setAttribute("aria-live", "polite");
  var style = badge.style;
  style.position = "fixed";
  style.right = "12px";
  style.bottom = "12px";
  style.zIndex = "2147483647";
  style.maxWidth = "calc(100vw - 24px)";
  style.boxSizing = "border-box";
  style.font = "13px/1.4 system-ui, sans-serif";
  style.color = "#fff";
  style.background = "rgba(34, 34, 34, 0.9)";
  style.borderRadius = "12px";
  document.body.appendChild(badge);

  // A book's pages live in the folder named for it; the library page lists every book.
  var parts = location.pathname.split("/").filter(Boolean);
  var slug = parts.length > 1 ? decodeURIComponent(parts[0]) : null;

  function items(state) {
    var found = [];
    Object.keys(state.books).sort().forEach(function (book) {
      if (slug !== null && book !== slug) { return; }
      var formats = state.books[book];
      state.order.forEach(function (fmt) {
        var entry = formats[fmt];
        if (fmt === "site" || !entry || entry.run !== state.run || entry.state === "cached") {
          return;
        }
        var name = (slug === null ? book + " " : "") + entry.name;
        if (entry.state === "built" && entry.files.length) {
          found.push({text: name + " ready", href: "/" + entry.files[0] + "?run=" + state.run});
        } else if (entry.state === "built") {
          found.push({text: name + " ready"});
        } else if (entry.state === "failed") {
          found.push({text: name + " failed (see the terminal)"});
        } else {
          found.push({text: name + " updating\u2026"});
        }
      });
    });
    return found;
  }

  function show(state) {
    var found = items(state);
    var key = JSON.stringify(found);
    if (key === shown) { return; }  // unchanged: not announced again
    shown = key;
    badge.textContent = "";
    style.padding = found.length ? "4px 10px" : "0";
    found.forEach(function (item, i) {
      if (i) { badge.appendChild(document.createTextNode(" \u00b7 ")); }
      var node = document.createElement(item.href ? "a" : "span");
      node.textContent = item.text;
      if (item.href) {
        node.href = item.href;
        node.style.color = "#9cf";
      }
      badge.appendChild(node);
    });
  }

  // The server answers as soon as the state has moved past the version the page has (or
  // after 20 s unchanged), so a page hears of a rebuilt site at once.
  var version = "";
  function poll() {
    fetch("%PREFIX%state?since=" + version, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (seen !== null && state.build !== seen) { location.reload(); return; }
        seen = state.build;
        version = state.version;
        show(state);
        setTimeout(poll, 100);
      }, function () { setTimeout(poll, 2000); });
  }
  poll();
}());
