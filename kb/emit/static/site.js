/* Shared by every page: the light/dark toggle. */
(function () {
  "use strict";
  var button = document.getElementById("theme-toggle");
  if (!button) return;

  function current() {
    var set = document.documentElement.getAttribute("data-theme");
    if (set) return set;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function show() {
    var dark = current() === "dark";
    button.setAttribute("aria-pressed", dark ? "true" : "false");
    button.textContent = dark ? "☀" : "☾";
  }

  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    document.documentElement.setAttribute("data-theme", next);
    try { localStorage.setItem("kb-theme", next); } catch (e) { /* not persisted */ }
    show();
  });
  show();
})();
