// Offline schema validation of rendered Kubernetes manifests (the output of `kubectl kustomize`).
//
//   node validate-k8s.mjs WORKDIR RENDERED.yaml...
//
// Run from the tools prefix (scripts/check-deploy.sh copies it there), so that the model packages resolve.
// Each object is checked twice against the Kubernetes OpenAPI-generated models of `kubernetes-models`
// (and the prometheus-operator / external-secrets model packages for CRDs):
//   1. the models' JSON-schema validators: types, formats, enums, required fields;
//   2. the TypeScript compiler over the object as a typed literal: every field must exist in the API
//      type, so a misspelt or misplaced key (`imagePullPolcy`, `readinessProbe` under `spec`) fails, as it
//      would with `kubectl apply --validate=strict`.
// Then a few rules of this project: pod hardening and app.kubernetes.io labels.
import { readFileSync, writeFileSync, existsSync, mkdirSync, copyFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const [workdir, ...inputs] = process.argv.slice(2);
if (!workdir || inputs.length === 0) {
  console.error("usage: node validate-k8s.mjs WORKDIR RENDERED.yaml...");
  process.exit(2);
}
mkdirSync(workdir, { recursive: true });

// apiVersion group → model package; CNPG has no package and uses the hand-written declarations.
const CRD_PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "external-secrets.io": "@kubernetes-models/external-secrets",
};
const LOCAL_TYPES = { "postgresql.cnpg.io/v1": "./cnpg.js" };

function modelModule(apiVersion, kind) {
  if (LOCAL_TYPES[apiVersion]) return { module: LOCAL_TYPES[apiVersion], runtime: false };
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  if (CRD_PACKAGES[group]) return { module: `${CRD_PACKAGES[group]}/${apiVersion}/${kind}`, runtime: true };
  if (group === "" || group.endsWith(".k8s.io") || !group.includes(".")) {
    return { module: `kubernetes-models/${apiVersion}/${kind}`, runtime: true };
  }
  return null;
}

function resolvable(module) {
  if (module.startsWith("./")) return true;
  const base = join(here, "node_modules", module);
  return existsSync(base + ".js") || existsSync(base + ".d.ts");
}

const errors = [];
const objects = [];
for (const file of inputs) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const doc of docs) {
    if (doc.errors.length) {
      errors.push(`${file}: YAML: ${doc.errors[0].message}`);
      continue;
    }
    const obj = doc.toJSON();
    if (obj == null) continue;
    // kustomize wraps long base64 values at 70 columns; the API server's decoder skips the newlines.
    if (obj.kind === "Secret" && obj.data) {
      for (const k of Object.keys(obj.data)) obj.data[k] = String(obj.data[k]).replace(/\s+/g, "");
    }
    objects.push({ file, obj, where: `${file}: ${obj.kind}/${obj.metadata?.name}` });
  }
}

// 1. JSON-schema validation through the model classes.
for (const o of objects) {
  const { apiVersion, kind } = o.obj;
  const model = apiVersion && kind ? modelModule(apiVersion, kind) : null;
  if (!model || !resolvable(model.module)) {
    errors.push(`${o.where}: no schema known for ${apiVersion} ${kind}`);
    continue;
  }
  o.model = model;
  if (!model.runtime) continue;
  const exported = await import(model.module);
  const Model = exported[kind];
  try {
    new Model(o.obj).validate();
  } catch (e) {
    errors.push(`${o.where}: ${e.message}`);
  }
}

// 2. Unknown fields: one typed literal per object, compiled with tsc.
copyFileSync(join(here, "cnpg.d.ts"), join(workdir, "cnpg.d.ts"));
const lines = [];
const lineOwner = [];
objects.forEach((o, i) => {
  if (!o.model) return;
  lines.push(`import type { I${o.obj.kind} as T${i} } from "${o.model.module}";`);
  lineOwner.push(null);
});
objects.forEach((o, i) => {
  if (!o.model) return;
  lines.push(`export const o${i}: T${i} = ${JSON.stringify(o.obj)};`);
  lineOwner.push(o);
});
writeFileSync(join(workdir, "manifests.ts"), lines.join("\n") + "\n");
writeFileSync(join(workdir, "package.json"), JSON.stringify({ type: "module", private: true }));
writeFileSync(join(workdir, "tsconfig.json"), JSON.stringify({
  compilerOptions: {
    strict: true, noEmit: true, skipLibCheck: true, target: "es2022",
    module: "nodenext", moduleResolution: "nodenext", types: [],
  },
  files: ["manifests.ts"],
}));
try {
  execFileSync(process.execPath, [join(here, "node_modules/typescript/bin/tsc"), "-p", workdir], { stdio: "pipe" });
} catch (e) {
  const out = e.stdout.toString();
  for (const line of out.split("\n")) {
    const m = line.match(/manifests\.ts\((\d+),(\d+)\): error TS\d+: (.*)/);
    if (!m) continue;
    const owner = lineOwner[Number(m[1]) - 1];
    errors.push(`${owner ? owner.where : "manifests.ts:" + m[1]}: ${m[3]}`);
  }
  if (!out.includes("error TS")) errors.push(`tsc failed: ${e.message}`);
}

// 3. Project rules (STYLE.md "Operations files").
const WRITABLE_ROOT_ALLOWED = new Set(["neo4j"]);
for (const o of objects) {
  const { obj, where } = o;
  const labels = obj.metadata?.labels ?? {};
  if (!Object.keys(labels).some((k) => k.startsWith("app.kubernetes.io/"))) {
    errors.push(`${where}: no app.kubernetes.io/* label`);
  }
  const pod = obj.kind === "Deployment" || obj.kind === "StatefulSet" ? obj.spec?.template?.spec : null;
  if (!pod) continue;
  if (pod.securityContext?.runAsNonRoot !== true) errors.push(`${where}: pod securityContext.runAsNonRoot must be true`);
  if (!Number.isInteger(pod.securityContext?.runAsUser)) errors.push(`${where}: pod needs a numeric runAsUser`);
  if (pod.securityContext?.seccompProfile?.type !== "RuntimeDefault") errors.push(`${where}: seccompProfile RuntimeDefault missing`);
  for (const c of pod.containers ?? []) {
    const sc = c.securityContext ?? {};
    const cw = `${where} container ${c.name}`;
    if (sc.allowPrivilegeEscalation !== false) errors.push(`${cw}: allowPrivilegeEscalation must be false`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) errors.push(`${cw}: capabilities must drop ALL`);
    if (sc.readOnlyRootFilesystem !== true && !WRITABLE_ROOT_ALLOWED.has(c.name)) errors.push(`${cw}: readOnlyRootFilesystem must be true`);
    if (!c.resources?.requests || !c.resources?.limits?.memory) errors.push(`${cw}: resource requests and a memory limit are required`);
    if (!c.readinessProbe || !c.livenessProbe) errors.push(`${cw}: liveness and readiness probes are required`);
    if ((c.ports ?? []).some((p) => !p.name)) errors.push(`${cw}: every port needs a name`);
  }
}

for (const e of errors) console.error(`  ✗ ${e}`);
console.log(`validate-k8s: ${objects.length} objects from ${inputs.length} renderings, ${errors.length} problem(s)`);
process.exit(errors.length ? 1 : 0);
