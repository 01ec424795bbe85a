/* Client-side search over window.KB_DATA (data/cards.js).
 * Text is folded (NFKC, lower case, ё→е, whitespace collapsed) and matched by substring, so Chinese needs no
 * word breaks; a longer Chinese query also matches when all its character bigrams occur in the card.
 */
(function () {
  "use strict";
  var MAX_SHOWN = 200;
  var data = window.KB_DATA || { notes: [], parts: [] };
  var cards = [].concat.apply([], data.parts);  // each note's card data script adds its cards as one part
  var titles = {};
  data.notes.forEach(function (n) { titles[n.file] = n.title; });

  function fold(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ");
  }

  var CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]/;

  function bigrams(term) {
    var out = [];
    for (var i = 0; i + 1 < term.length; i++) out.push(term.slice(i, i + 2));
    return out;
  }

  function termMatches(hay, term) {
    if (hay.indexOf(term) !== -1) return 2;
    if (term.length > 2 && CJK.test(term) && bigrams(term).every(function (b) { return hay.indexOf(b) !== -1; })) return 1;
    return 0;
  }

  var folded = cards.map(function (c) { return fold(c.text); });

  /* Cards matching every term, best first: the whole phrase, then exact terms, then bigram matches. */
  function search(query, filters) {
    var q = fold(query).trim();
    var terms = q ? q.split(" ") : [];
    var hits = [];
    cards.forEach(function (card, i) {
      if (filters.note && card.note !== filters.note) return;
      if (filters.kind && card.kind !== filters.kind) return;
      if (filters.lang && card.lang !== filters.lang) return;
      if (filters.status && card.status !== filters.status) return;
      var score = 0;
      for (var t = 0; t < terms.length; t++) {
        var s = termMatches(folded[i], terms[t]);
        if (!s) return;
        score += s;
      }
      if (terms.length > 1 && folded[i].indexOf(q) !== -1) score += terms.length * 2;
      hits.push({ card: card, score: score, index: i });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.index - b.index; });
    return hits;
  }

  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var selects = { note: "f-note", kind: "f-kind", lang: "f-lang", status: "f-status" };
  var list = document.getElementById("results");
  var count = document.getElementById("result-count");

  function filters() {
    var out = {};
    Object.keys(selects).forEach(function (key) { out[key] = document.getElementById(selects[key]).value; });
    return out;
  }

  function badge(text, cls) {
    var span = document.createElement("span");
    span.className = "badge " + cls;
    span.textContent = text;
    return span;
  }

  /* Card HTML was sanitized at build time (kb/emit/html.py, nh3); everything else goes in as text. */
  function resultItem(card) {
    var li = document.createElement("li");
    li.className = "result card";
    li.lang = card.lang;
    var meta = document.createElement("p");
    meta.className = "card-meta";
    meta.appendChild(badge(card.kind, "kind kind-" + card.kind));
    meta.appendChild(badge(card.lang, "lang"));
    if (card.status) meta.appendChild(badge(card.status.replace("_", " "), "status status-" + card.status));
    // The card's own HTML may hold links, so the link to the card sits beside it, never around it.
    var link = document.createElement("a");
    link.className = "src result-link";
    link.href = card.url;
    link.textContent = (titles[card.note] || card.note) + " · " + card.where;
    meta.appendChild(link);
    var q = document.createElement("div");
    q.className = "content q";
    q.innerHTML = card.q;
    var a = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = "Answer";
    var body = document.createElement("div");
    body.className = "content a";
    body.innerHTML = card.a;
    a.appendChild(summary);
    a.appendChild(body);
    li.appendChild(meta);
    li.appendChild(q);
    li.appendChild(a);
    return li;
  }

  var shown = null;

  /* Re-rendering only on a real change matters: a text field fires "change" when it loses focus, and
   * rebuilding the list then would swallow the click on a result that took the focus. */
  function run() {
    var key = JSON.stringify([input.value, filters()]);
    if (key === shown) return;
    shown = key;
    var hits = search(input.value, filters());
    list.textContent = "";
    var fragment = document.createDocumentFragment();
    hits.slice(0, MAX_SHOWN).forEach(function (hit) { fragment.appendChild(resultItem(hit.card)); });
    list.appendChild(fragment);
    list.setAttribute("data-query", input.value);
    var n = hits.length;
    count.textContent = n + (n === 1 ? " card" : " cards") + (n > MAX_SHOWN ? " (showing the first " + MAX_SHOWN + ")" : "");
    var params = new URLSearchParams();
    if (input.value) params.set("q", input.value);
    Object.keys(selects).forEach(function (key) { var v = filters()[key]; if (v) params.set(key, v); });
    var qs = params.toString();
    try { history.replaceState(null, "", qs ? "?" + qs : location.pathname); } catch (e) { /* file:// may refuse */ }
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    Object.keys(selects).forEach(function (key) {
      var value = params.get(key);
      if (value !== null) document.getElementById(selects[key]).value = value;
    });
  }

  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
  form.addEventListener("change", run);
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  restore();
  run();
  input.focus();
  window.kbSearch = { search: search, fold: fold };
})();
