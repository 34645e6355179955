// TeX -> MathML with MathJax (npm mathjax-full) or KaTeX (npm katex), for bench/formulas.py.
// Reads a JSON list of [tex, display] on standard input; writes a JSON list of
// {"mathml": "..."} or {"error": "..."}.  Usage: node formula_converters.js mathjax|katex
"use strict";
const which = process.argv[2];

function katexConverter() {
  const katex = require("katex");
  return (tex, display) => {
    const html = katex.renderToString(tex, {output: "mathml", displayMode: display,
                                            throwOnError: true, strict: "ignore"});
    const start = html.indexOf("<math");
    return html.slice(start, html.lastIndexOf("</math>") + 7);
  };
}

function mathjaxConverter() {
  const {mathjax} = require("mathjax-full/js/mathjax.js");
  const {TeX} = require("mathjax-full/js/input/tex.js");
  const {liteAdaptor} = require("mathjax-full/js/adaptors/liteAdaptor.js");
  const {RegisterHTMLHandler} = require("mathjax-full/js/handlers/html.js");
  const {AllPackages} = require("mathjax-full/js/input/tex/AllPackages.js");
  const {SerializedMmlVisitor} = require("mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js");
  const {STATE} = require("mathjax-full/js/core/MathItem.js");
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const packages = AllPackages.filter((p) => p !== "bussproofs");
  const input = new TeX({packages, formatError: (jax, err) => { throw err; }});
  const doc = mathjax.document("", {InputJax: input});
  const visitor = new SerializedMmlVisitor();
  return (tex, display) => {
    const node = doc.convert(tex, {display, end: STATE.CONVERT});
    return visitor.visitTree(node, doc);
  };
}

const convert = which === "katex" ? katexConverter() : mathjaxConverter();
let data = "";
process.stdin.on("data", (chunk) => { data += chunk; });
process.stdin.on("end", () => {
  const out = JSON.parse(data).map(([tex, display]) => {
    try {
      return {mathml: convert(tex, display)};
    } catch (err) {
      return {error: String(err && err.message || err)};
    }
  });
  process.stdout.write(JSON.stringify(out));
});
