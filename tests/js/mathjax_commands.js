// Print every control sequence MathJax 3 defines with the TeX packages Anki's reviewer loads (as tex_check.js
// configures them), one name a line without the backslash. kb/macros/data/mathjax_commands.txt is this list: kb
// warns of a command outside it, which Anki would show as red text. Rerun after updating mathjax-full:
//   node tests/js/mathjax_commands.js > kb/macros/data/mathjax_commands.txt
"use strict";
const { TeX } = require("mathjax-full/js/input/tex.js");
const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");
const { ConfigurationHandler } = require("mathjax-full/js/input/tex/Configuration.js");
const { MapHandler } = require("mathjax-full/js/input/tex/MapHandler.js");

const LEFT_OUT = new Set(["noerrors", "noundefined", "textmacros", "bussproofs"]);
const packages = AllPackages.filter((name) => !LEFT_OUT.has(name));
new TeX({ packages });   // registers every package's maps
const names = new Set();
for (const pkg of packages) {
  const config = ConfigurationHandler.get(pkg);
  if (!config) continue;
  // control sequences are looked up in the macro maps, then the delimiter maps (`\\langle`, keyed with the backslash)
  for (const mapName of [...(config.handler.macro || []), ...(config.handler.delimiter || [])]) {
    const map = MapHandler.getMap(mapName);
    if (!map || !map.map) continue;
    for (const key of map.map.keys()) {
      const name = key.replace(/^\\/, "");
      if (/^[A-Za-z]+$/.test(name)) names.add(name);
    }
  }
}
process.stdout.write([...names].sort().join("\n") + "\n");
