// Validates Kubernetes objects against the OpenAPI schemas shipped in `kubernetes-models`.
// A plain ESM script because kubernetes-models is ESM-only and jest runs CommonJS; the test
// calls it as a child process. Usage: node validate-k8s.mjs FILE...  Prints a JSON array of
// problems (empty when all valid). Note: kubernetes-models does not reject unknown fields.
// Custom resources are checked against the CRD schemas of the @kubernetes-models/* packages.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

// CRD groups and the @kubernetes-models package that ships their schemas (pinned in package.json).
const CRD_PACKAGES = {
  'external-secrets.io': '@kubernetes-models/external-secrets',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'cert-manager.io': '@kubernetes-models/cert-manager',
  'postgresql.cnpg.io': '@kubernetes-models/cloudnative-pg',
  'argoproj.io': '@kubernetes-models/argo-cd',
  'kustomize.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'source.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
};

const GROUP_MODULE = (apiVersion) => {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (CRD_PACKAGES[group]) return `${CRD_PACKAGES[group]}/${group}/${version}`;
  return group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
};

const problems = [];
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const obj = doc.toJS();
    if (!obj) continue;
    const where = { file, kind: obj.kind, name: obj.metadata?.name };
    let Model;
    try {
      Model = (await import(GROUP_MODULE(obj.apiVersion)))[obj.kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      problems.push({ ...where, error: `no schema for ${obj.apiVersion} ${obj.kind}` });
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      problems.push({ ...where, error: e.message });
    }
  }
}
process.stdout.write(JSON.stringify(problems));
