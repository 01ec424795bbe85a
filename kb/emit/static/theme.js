/* Runs in <head> so the chosen theme applies before the first paint. */
(function () {
  "use strict";
  try {
    var theme = localStorage.getItem("kb-theme");
    if (theme === "light" || theme === "dark") document.documentElement.setAttribute("data-theme", theme);
  } catch (e) { /* storage disabled: follow the system theme */ }
})();
