// Parse TeX formulas with MathJax 3 configured as Anki's reviewer is, and report each one's error.
//
// Anki loads MathJax's full TeX bundle (every package in AllPackages) with textmacros removed and
// noerrors, mathtools and mhchem added. Here noerrors and noundefined are left out on purpose: in Anki
// they turn an error into red source text on the card; here the error is reported instead.
//
// stdin: JSON [{"tex": "...", "display": true}, ...]; stdout: JSON [null | "error message", ...].
"use strict";
const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");
const { STATE } = require("mathjax-full/js/core/MathItem.js");

const HIDE_ERRORS = new Set(["noerrors", "noundefined"]);
const NOT_IN_ANKI = new Set(["textmacros"]);
// bussproofs (proof trees) measures boxes with an output jax, which a parse-only check has none of.
const NEEDS_OUTPUT = new Set(["bussproofs"]);

function makeDocument() {
  RegisterHTMLHandler(liteAdaptor());
  const packages = AllPackages.filter((name) => ![HIDE_ERRORS, NOT_IN_ANKI, NEEDS_OUTPUT].some((set) => set.has(name)));
  const tex = new TeX({
    packages,
    formatError: (_jax, err) => { throw err; },
  });
  return { document: mathjax.document("", { InputJax: tex }), tex };
}

// Each formula is checked on its own, as each card is typeset on its own: labels start afresh.
function check({ document, tex }, formula) {
  tex.reset();
  try {
    document.convert(formula.tex, { display: formula.display, end: STATE.CONVERT });
    return null;
  } catch (err) {
    return String(err && err.message ? err.message : err);
  }
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const document = makeDocument();
  const results = JSON.parse(input).map((formula) => check(document, formula));
  process.stdout.write(JSON.stringify(results));
});
