import type { Construct } from 'constructs';
import { FilesConfigMap } from '../platform/files-config-map';
import { PlatformChart } from '../platform/platform-chart';
import type { WorkloadProbes } from '../workloads/probes';
import { ServiceWorkload, ServiceWorkloadProps } from '../workloads/service-workload';

/** One Rego policy file; OPA answers `POST /v1/data/<package as path>/allow` from it. */
export interface OpaPolicy {
  /** File name in the policy ConfigMap, ending in `.rego`, e.g. `authz.rego`. */
  readonly file: string;
  /** Rego package, e.g. `somabrain.authz` (decision at `/v1/data/somabrain/authz/allow`). */
  readonly packageName: string;
  /**
   * Rules that allow requests, in Rego v1 syntax (`allow if { ... }`). The construct writes
   * `default allow := ...` itself, from `defaultAllow`, so rules must not.
   */
  readonly rules: string;
}

export interface OpaServerProps extends Omit<ServiceWorkloadProps, 'port' | 'portName' | 'command' | 'args' | 'probes' | 'persistence' | 'configFiles'> {
  /** The policies OPA serves, mounted from a ConfigMap at `/policies`. */
  readonly policies: readonly OpaPolicy[];
  /**
   * The decision when no rule allows: `false` is deny-by-default (production), `true` is
   * permissive (development: every request is allowed, the rules only document intent).
   */
  readonly defaultAllow: boolean;
  /** Values path of `defaultAllow` (e.g. `opa.defaultAllow`), so the chart renders the policies from values. @default fixed */
  readonly defaultAllowValuesPath?: string;
  /** @default 8181, OPA's own default */
  readonly port?: number;
}

const POLICY_DIR = '/policies';
const REGO_PACKAGE = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/;
const REGO_FILE = /^[-_a-zA-Z0-9.]+\.rego$/;

/** OPA's `/health` answers 200 once the server is up and its policies are compiled. */
const opaProbes: WorkloadProbes = {
  readiness: { check: { httpPath: '/health' }, initialDelaySeconds: 2, periodSeconds: 10 },
  liveness: { check: { httpPath: '/health' }, initialDelaySeconds: 5, periodSeconds: 15 },
  startup: { check: { httpPath: '/health' }, periodSeconds: 2, failureThreshold: 30 },
};

/**
 * Open Policy Agent as a policy decision service: the official image, non-root, read-only
 * root, serving Rego policies from a ConfigMap (mounted at `/policies`; a change rolls the
 * pods, since OPA reads them at start). Every policy opens with `default allow := <defaultAllow>`,
 * so whether a platform is deny-by-default is one visible, typed switch rather than a line of
 * Rego. Clients `use` it and get its URL (e.g. `SOMABRAIN_OPA_ENDPOINT=http://<name>:8181`).
 */
export class OpaServer extends ServiceWorkload {
  /** The ConfigMap holding the policies. */
  public readonly policies: FilesConfigMap;

  constructor(scope: Construct, id: string, props: OpaServerProps) {
    const chart = PlatformChart.of(scope);
    const where = `${scope.node.path}/${id}`;
    if (!props.policies.length) throw new Error(`${where}: give at least one policy; an OPA without policies answers every query with "undefined".`);
    const files = new Set<string>();
    for (const p of props.policies) {
      const file = chart.plainOf(p.file);
      if (!REGO_FILE.test(file)) throw new Error(`${where}: policy file "${file}" must be a plain file name ending in .rego, e.g. authz.rego.`);
      if (files.has(file)) throw new Error(`${where}: policy file "${file}" is listed twice; give each policy its own file.`);
      files.add(file);
      if (!REGO_PACKAGE.test(chart.plainOf(p.packageName))) {
        throw new Error(`${where}: "${p.packageName}" is not a Rego package name; use dot-separated lower-case identifiers, e.g. somabrain.authz.`);
      }
      if (/^\s*default\s+allow\b/m.test(chart.plainOf(p.rules))) {
        throw new Error(`${where}: policy ${file} sets "default allow" itself; remove it and set defaultAllow instead (deny-by-default is false).`);
      }
    }
    // In the chart the decision is a lookup of its value, so the same text renders either mode.
    const decision = chart.helm && props.defaultAllowValuesPath
      ? chart.helm.token(`toString $.Values.${props.defaultAllowValuesPath}`, String(props.defaultAllow))
      : String(props.defaultAllow);
    const port = props.port ?? 8181;
    const configFiles = new FilesConfigMap(scope, `${id}Policies`, {
      component: `${props.component}-policies`,
      files: Object.fromEntries(props.policies.map((p) => [p.file, regoFile(p, decision)])),
    });
    super(scope, id, {
      ...props,
      port,
      portName: 'http',
      // --ignore=.* skips the ConfigMap volume's ..data links, which would load every file twice.
      args: ['run', '--server', `--addr=:${port}`, '--ignore=.*', '--log-format=json', '--skip-version-check', POLICY_DIR],
      probes: opaProbes,
      configFiles: [{ config: configFiles, mountPath: POLICY_DIR }],
    });
    this.policies = configFiles;
  }
}

function regoFile(p: OpaPolicy, decision: string): string {
  return [
    `package ${p.packageName}`,
    '',
    'import rego.v1',
    '',
    '# Set by kubesynth from the platform\'s values: false is deny-by-default.',
    `default allow := ${decision}`,
    '',
    // Verbatim: in the chart the rules are a value lookup, which TypeScript cannot reshape.
    p.rules,
  ].join('\n');
}
