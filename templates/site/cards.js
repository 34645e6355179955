/* cuebook: a question of the page's hidden list, copied into the card the page shows (the
 * study page and the mock interview both load this before their own script).
 *
 * The hidden list keeps its ids (footnotes: fn1, fnref1), so a copy gets a prefix on each id,
 * and links and aria references inside the copy follow their renamed targets: duplicate ids
 * would break footnote links and aria references.
 */
(function () {
  "use strict";

  const ID_REFS = ["aria-labelledby", "aria-describedby", "aria-controls", "for", "headers"];

  // Replace target's children with a copy of source's; ids found anywhere in scope (the
  // question's item in the list) are prefixed with prefix in the copy.
  function copyInto(source, target, scope, prefix) {
    target.replaceChildren();
    if (!source) {
      return;
    }
    const ids = new Set(Array.from(scope.querySelectorAll("[id]"), function (n) { return n.id; }));
    const fragment = document.createDocumentFragment();
    source.childNodes.forEach(function (child) { fragment.appendChild(child.cloneNode(true)); });
    fragment.querySelectorAll("[id]").forEach(function (n) { n.id = prefix + n.id; });
    fragment.querySelectorAll("a[href^='#']").forEach(function (a) {
      const wanted = decodeURIComponent(a.getAttribute("href").slice(1));
      if (ids.has(wanted)) {
        a.setAttribute("href", "#" + prefix + wanted);
      }
    });
    ID_REFS.forEach(function (attribute) {
      fragment.querySelectorAll("[" + attribute + "]").forEach(function (n) {
        const renamed = n.getAttribute(attribute).split(/\s+/).map(function (ref) {
          return ids.has(ref) ? prefix + ref : ref;
        });
        n.setAttribute(attribute, renamed.join(" "));
      });
    });
    target.appendChild(fragment);
  }

  window.cuebookCards = Object.freeze({copyInto: copyInto});
}());
