import type { Construct } from 'constructs';
import { FilesConfigMap } from '../platform/files-config-map';
import { PlatformChart } from '../platform/platform-chart';
import type { WorkloadProbes } from '../workloads/probes';
import { ServiceWorkload, ServiceWorkloadProps } from '../workloads/service-workload';

/** One Rego policy file, mounted verbatim: OPA answers `/v1/data/<its package as a path>/...`. */
export interface OpaPolicy {
  /** File name in the policy ConfigMap, ending in `.rego`, e.g. `default.rego`. */
  readonly file: string;
  /**
   * The file's text, as the application ships it (e.g. the seed's
   * `ops/opa/policies-prod/default.rego`). Its `package` line decides the query path, which
   * the application's client already matches: the text is not rewritten.
   */
  readonly rego: string;
  /**
   * What to tell a user who gave no policy: how to give one. @default "give the policy file"
   * (A policy taken from values is checked before the build, in the CLI and the chart alike, by
   * the platform's `opaPolicyRules`; this construct checks what it is given in code.)
   */
  readonly howToSet?: string;
}

export interface OpaServerProps extends Omit<ServiceWorkloadProps, 'port' | 'portName' | 'command' | 'args' | 'probes' | 'persistence' | 'configFiles'> {
  /** The policies OPA serves, mounted from a ConfigMap at `/policies`. */
  readonly policies: readonly OpaPolicy[];
  /** @default 8181, OPA's own default */
  readonly port?: number;
}

const POLICY_DIR = '/policies';
const REGO_FILE = /^[-_a-zA-Z0-9.]+\.rego$/;
/** A Rego module opens with `package a.b` (after comments); OPA refuses a file without one and never starts. */
const REGO_PACKAGE_LINE = /^\s*package\s+[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\["[^"\n]*"\])*\s*(#.*)?$/m;

/** OPA's `/health` answers 200 once the server is up and its policies are compiled. */
const opaProbes: WorkloadProbes = {
  readiness: { check: { httpPath: '/health' }, initialDelaySeconds: 2, periodSeconds: 10 },
  liveness: { check: { httpPath: '/health' }, initialDelaySeconds: 5, periodSeconds: 15 },
  startup: { check: { httpPath: '/health' }, periodSeconds: 2, failureThreshold: 30 },
};

/**
 * The package a Rego file declares (`package a.b` -> `a.b`), or undefined when it declares
 * none. The decision path is `/v1/data/` + the package with dots as slashes.
 */
export function regoPackageOf(rego: string): string | undefined {
  const m = REGO_PACKAGE_LINE.exec(rego);
  return m ? m[0].replace(/#.*$/, '').trim().replace(/^package\s+/, '') : undefined;
}

/**
 * Open Policy Agent as a policy decision service: the official image, non-root, read-only
 * root, serving the application's own Rego files from a ConfigMap (mounted at `/policies`; a
 * change rolls the pods, since OPA reads them at start). The policy belongs to the
 * application, whose client queries the package its policy declares, so the construct adds
 * nothing to it and invents no default decision. Clients `use` it and get its URL (e.g.
 * `SOMABRAIN_OPA_ENDPOINT=http://<name>:8181`).
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
      if (!REGO_FILE.test(file)) throw new Error(`${where}: policy file "${file}" must be a plain file name ending in .rego, e.g. default.rego.`);
      if (files.has(file)) throw new Error(`${where}: policy file "${file}" is listed twice; give each policy its own file.`);
      files.add(file);
      // The chart is built with its defaults, which may hold no policy: opaPolicyRules refuses that at install.
      if (chart.helm) continue;
      if (!p.rego.trim()) throw new Error(`${where}: policy ${file} is empty; ${p.howToSet ?? 'give the policy file'}.`);
      if (!regoPackageOf(p.rego)) {
        throw new Error(`${where}: policy ${file} declares no package (a line such as "package somabrain.authz"), so OPA would refuse it and never start; ${p.howToSet ?? 'give the policy file'}.`);
      }
    }
    const port = props.port ?? 8181;
    const configFiles = new FilesConfigMap(scope, `${id}Policies`, {
      component: `${props.component}-policies`,
      files: Object.fromEntries(props.policies.map((p) => [p.file, p.rego])),
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
