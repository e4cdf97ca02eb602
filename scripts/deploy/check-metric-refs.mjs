// Every PromQL expression of the alert rules and the Grafana dashboards must select only series the app
// really exports: metric names from a /metrics scrape of the running app (monitoring/tests/metrics-sample.txt),
// label names that those series carry, and label values they take for `=` matchers. Names that later
// work will export are listed in monitoring/pending-series.txt and reported as pending, not hidden.
// Also: every alert has a runbook_url whose anchor is a heading of docs/runbook.md.
//
//   node check-metric-refs.mjs REPO_ROOT
//   METRICS_SCRAPE=FILE node check-metric-refs.mjs REPO_ROOT   # against a live /metrics scrape instead of the sample
//
// A name listed as pending that the app does export is a problem too: pending-series.txt must shrink as
// the app grows.
//
// PromQL is parsed with the Prometheus project's own grammar (@prometheus-io/lezer-promql).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parser } from "@prometheus-io/lezer-promql";
import { parse as parseYaml } from "yaml";

const repo = process.argv[2];
if (!repo) {
  console.error("usage: node check-metric-refs.mjs REPO_ROOT");
  process.exit(2);
}
const rel = (p) => join(repo, p);

// Labels the scrape adds (static config, Prometheus Operator) rather than the app.
const TARGET_LABELS = new Set(["job", "instance", "namespace", "pod", "service", "endpoint", "container", "deployment"]);
// Series Prometheus itself writes for every target or alert.
const BUILTIN = new Set(["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_series_added",
  "scrape_samples_post_metric_relabeling", "ALERTS", "ALERTS_FOR_STATE"]);

// --- what the app exports ---------------------------------------------------------------------------
const exported = new Map(); // name → Map(label → Set(values))
const scrape = process.env.METRICS_SCRAPE || rel("monitoring/tests/metrics-sample.txt");
for (const line of readFileSync(scrape, "utf8").split("\n")) {
  if (!line || line.startsWith("#")) continue;
  const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s/);
  if (!m) continue;
  const labels = exported.get(m[1]) ?? new Map();
  exported.set(m[1], labels);
  for (const lm of (m[3] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    if (!labels.has(lm[1])) labels.set(lm[1], new Set());
    labels.get(lm[1]).add(lm[2]);
  }
}

const pendingNames = new Set();
const pendingValues = new Map(); // "name|label" → Set(values)
for (const raw of readFileSync(rel("monitoring/pending-series.txt"), "utf8").split("\n")) {
  const line = raw.trim();
  if (!line || line.startsWith("#")) continue;
  const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"\})?$/);
  if (!m) {
    console.error(`pending-series.txt: cannot read "${line}"`);
    process.exit(2);
  }
  if (m[2]) {
    const key = `${m[1]}|${m[3]}`;
    if (!pendingValues.has(key)) pendingValues.set(key, new Set());
    pendingValues.get(key).add(m[4]);
  } else {
    pendingNames.add(m[1]);
  }
}

// --- expressions to check ---------------------------------------------------------------------------
const exprs = []; // { where, expr }
const recorded = new Set();
const alerts = [];
const ruleDir = "monitoring/prometheus/rules";
for (const f of readdirSync(rel(ruleDir)).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))) {
  const doc = parseYaml(readFileSync(rel(`${ruleDir}/${f}`), "utf8"));
  for (const g of doc.groups ?? []) {
    for (const r of g.rules ?? []) {
      if (r.record) recorded.add(r.record);
      if (r.alert) alerts.push({ file: f, ...r });
      exprs.push({ where: `${f} ${r.alert ?? r.record}`, expr: String(r.expr) });
    }
  }
}

// Grafana: $__rate_interval and friends become a duration; other $variables only occur inside strings.
const grafana = (e) => e.replace(/\$__(rate_interval|interval|range)/g, "5m").replace(/\$\{__(rate_interval|interval|range)\}/g, "5m");
const dashDir = "monitoring/grafana/dashboards";
let panelCount = 0;
for (const f of readdirSync(rel(dashDir)).filter((f) => f.endsWith(".json"))) {
  const d = JSON.parse(readFileSync(rel(`${dashDir}/${f}`), "utf8"));
  const walk = (panels) => {
    for (const p of panels ?? []) {
      if (p.type !== "row") panelCount++;
      for (const t of p.targets ?? []) {
        if (t.expr) exprs.push({ where: `${f} "${p.title}"`, expr: grafana(t.expr) });
      }
      walk(p.panels);
    }
  };
  walk(d.panels);
  for (const v of d.templating?.list ?? []) {
    if (v.type !== "query") continue;
    const q = typeof v.query === "string" ? v.query : v.query?.query;
    const m = q?.match(/^label_values\((.*),\s*[a-zA-Z_][a-zA-Z0-9_]*\)$/s);
    if (m) exprs.push({ where: `${f} variable ${v.name}`, expr: grafana(m[1]) });
    else if (q && !/^label_values\([a-zA-Z_]+\)$/.test(q)) exprs.push({ where: `${f} variable ${v.name}`, expr: grafana(q) });
  }
}

// --- check ------------------------------------------------------------------------------------------
const problems = [];
const used = { sample: new Set(), pending: new Set(), recorded: new Set(), builtin: new Set() };
const unquote = (s) => JSON.parse(s.startsWith("'") ? `"${s.slice(1, -1).replace(/"/g, '\\"')}"` : s.startsWith("`") ? JSON.stringify(s.slice(1, -1)) : s);

for (const { where, expr } of exprs) {
  const tree = parser.parse(expr);
  let syntaxError = false;
  tree.iterate({ enter: (n) => { if (n.type.isError) syntaxError = true; } });
  if (syntaxError) {
    problems.push(`${where}: PromQL does not parse: ${expr.replace(/\s+/g, " ")}`);
    continue;
  }
  tree.iterate({
    enter(node) {
      if (node.name !== "VectorSelector") return;
      let name = null;
      const matchers = [];
      const sel = node.node;
      const ident = sel.getChild("Identifier");
      if (ident) name = expr.slice(ident.from, ident.to);
      const lms = sel.getChild("LabelMatchers");
      for (const lm of lms ? [...lms.getChildren("UnquotedLabelMatcher"), ...lms.getChildren("QuotedLabelMatcher")] : []) {
        const ln = lm.getChild("LabelName") ?? lm.getChild("QuotedLabelName");
        const op = lm.getChild("MatchOp");
        const val = lm.getChild("StringLiteral");
        const label = ln ? expr.slice(ln.from, ln.to).replace(/^"|"$/g, "") : null;
        const value = val ? unquote(expr.slice(val.from, val.to)) : null;
        const opText = op ? expr.slice(op.from, op.to) : null;
        if (label === "__name__" && opText === "=") name = value;
        else if (label) matchers.push({ label, op: opText, value });
      }
      if (!name) {
        problems.push(`${where}: selector without a metric name`);
        return;
      }
      if (BUILTIN.has(name)) { used.builtin.add(name); return; }
      if (recorded.has(name)) { used.recorded.add(name); return; }
      const labels = exported.get(name);
      if (!labels) {
        if (pendingNames.has(name)) used.pending.add(name);
        else problems.push(`${where}: ${name} is neither exported by the app (metrics-sample.txt) nor listed in pending-series.txt`);
        return;
      }
      used.sample.add(name);
      for (const { label, op, value } of matchers) {
        if (TARGET_LABELS.has(label)) continue;
        const pendingVals = pendingValues.get(`${name}|${label}`);
        if (!labels.has(label) && !pendingVals) {
          problems.push(`${where}: ${name} has no label "${label}" (labels: ${[...labels.keys()].join(", ")})`);
          continue;
        }
        if (op === "=" && !value.includes("$") && !(labels.get(label)?.has(value)) && !(pendingVals?.has(value))) {
          problems.push(`${where}: ${name}{${label}="${value}"} matches no exported series (values: ${[...(labels.get(label) ?? [])].slice(0, 8).join(", ")})`);
        } else if (op === "=" && pendingVals?.has(value) && !labels.get(label)?.has(value)) {
          used.pending.add(`${name}{${label}="${value}"}`);
        }
      }
    },
  });
}

// Alerts: annotations and runbook anchors.
const runbook = readFileSync(rel("docs/runbook.md"), "utf8");
const anchors = new Set();
for (const m of runbook.matchAll(/^#{1,6}\s+(.+)$/gm)) {
  anchors.add(m[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, "").replace(/\s/g, "-"));
}
for (const a of alerts) {
  const url = a.annotations?.runbook_url;
  if (!a.labels?.severity) problems.push(`${a.file} ${a.alert}: no severity label`);
  if (!a.annotations?.summary || !a.annotations?.description) problems.push(`${a.file} ${a.alert}: summary and description are required`);
  if (a.for === undefined) problems.push(`${a.file} ${a.alert}: no "for:"`);
  if (!/^[A-Z][A-Za-z0-9]+$/.test(a.alert)) problems.push(`${a.file} ${a.alert}: alert names are CamelCase`);
  const anchor = url?.split("#")[1];
  if (!url || !anchor) problems.push(`${a.file} ${a.alert}: runbook_url with an #anchor is required`);
  else if (!anchors.has(anchor)) problems.push(`${a.file} ${a.alert}: docs/runbook.md has no heading for #${anchor}`);
}

for (const name of pendingNames) {
  if (exported.has(name)) problems.push(`pending-series.txt: ${name} is exported by the app now; remove it from the list`);
}
for (const [key, values] of pendingValues) {
  const [name, label] = key.split("|");
  for (const value of values) {
    if (exported.get(name)?.get(label)?.has(value)) {
      problems.push(`pending-series.txt: ${name}{${label}="${value}"} is exported by the app now; remove it from the list`);
    }
  }
}

for (const p of problems) console.error(`  ✗ ${p}`);
console.log(`check-metric-refs: against ${process.env.METRICS_SCRAPE ? "a live scrape" : "metrics-sample.txt"}: ${exprs.length} expressions (${alerts.length} alerts, ${recorded.size} recording rules, ${panelCount} panels); ` +
  `${used.sample.size} metric names from the app, ${used.recorded.size} recorded, ${used.builtin.size} built-in, ` +
  `${used.pending.size} pending [${[...used.pending].sort().join(", ")}]; ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
