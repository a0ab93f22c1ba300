/**
 * A real, throwaway Kubernetes control plane for the test suite, started and stopped the way
 * controller-runtime's envtest does it: etcd and kube-apiserver on 127.0.0.1 with generated
 * certificates and an admin kubeconfig, plus kube-controller-manager and kube-scheduler so
 * workloads really create pods (Pod Security admission judges each one), and kwok so the
 * scheduled pods run on fake nodes (Services get endpoints, PDBs count healthy pods, Jobs finish).
 * The CRDs of ../shared/crds are installed and established before it is handed out.
 *
 * The binaries come from test/cluster/build.sh (pinned, built once per machine into .cache/bin).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const TOOLS = join(ROOT, '.cache', 'bin');
export const SHARED_CRDS = resolve(ROOT, '..', 'shared', 'crds');
const KWOK_STAGES = join(ROOT, '.cache', 'kwok', 'stages.yaml');
/** `kubectl diff` compares through this, so what controllers write (status) is not a difference. */
const CONVERGED_DIFF = join(__dirname, 'converged-diff.js');

/** What one command returned and printed. */
export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fake nodes, one per zone, so the topology spread constraints our workloads carry can be met. */
const FAKE_NODES = ['a', 'b', 'c'].map((zone) => ({ name: `kwok-node-${zone}`, zone: `zone-${zone}` }));
const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

/**
 * Namespaces a platform cluster has before any platform lands, as its infrastructure installs
 * them: Prometheus and Grafana (where dashboards go), the ingress controller, the CNPG operator,
 * Argo CD and Flux. Platforms reference them; none of them creates them.
 */
export const INFRASTRUCTURE_NAMESPACES = ['monitoring', 'ingress-nginx', 'cnpg-system', 'argocd', 'flux-system'];

/**
 * Gives the test file a control plane of its own: started before its first test, stopped after
 * its last (also when a test fails). `use` receives it once it is up.
 */
export function withControlPlane(use: (cp: ControlPlane) => void): void {
  let started: ControlPlane | undefined;
  jest.setTimeout(600_000);
  beforeAll(async () => {
    started = await ControlPlane.start();
    use(started);
  }, 240_000);
  afterAll(() => started?.stop());
}

/** Thrown from a `waitFor` check to stop waiting at once: what it saw will not change by waiting. */
export class FatalCheck extends Error {}

/**
 * The default StorageClass a managed cluster has: claims that name no class get it, and it allows
 * expansion, so a claim can grow as on a cloud disk. Volumes are made by `provisionVolumes`.
 */
export const FAKE_PROVISIONER = 'kubesynth.test/fake';
const DEFAULT_STORAGE_CLASS = JSON.stringify({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: FAKE_PROVISIONER,
  allowVolumeExpansion: true,
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'Immediate',
});

/** A control plane that runs until `stop()`. */
export class ControlPlane {
  /** Starts a control plane. Throws one clear line when a tool is missing or a component fails to start. */
  static async start(): Promise<ControlPlane> {
    requireTools();
    const dir = mkdtempSync(join(tmpdir(), 'kubesynth-cluster-'));
    const cp = new ControlPlane(dir);
    try {
      await cp.boot();
      return cp;
    } catch (e) {
      await cp.stop();
      throw e;
    }
  }

  /** The admin kubeconfig, for kubectl and helm. */
  readonly kubeconfig: string;
  private readonly processes: Array<{ name: string; child: ChildProcess; log: string }> = [];
  private watchdog?: ChildProcess;
  private stopped = false;

  private constructor(readonly dir: string) {
    this.kubeconfig = join(dir, 'kubeconfig');
  }

  /** Runs kubectl against this control plane. `input` goes to its stdin. */
  kubectl(args: readonly string[], input?: string): Run {
    return run(join(TOOLS, 'kubectl'), ['--kubeconfig', this.kubeconfig, ...args], { input, env: { KUBECTL_EXTERNAL_DIFF: CONVERGED_DIFF } });
  }

  /** Runs kubectl and throws with its output when it fails. */
  kubectlOk(args: readonly string[], input?: string): string {
    const r = this.kubectl(args, input);
    if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  /** Parsed `kubectl get -o json`. */
  getJson<T = { items: any[] }>(args: readonly string[]): T {
    return JSON.parse(this.kubectlOk(['get', ...args, '-o', 'json'])) as T;
  }

  /** The current Helm (test/cluster/build.sh), with a throwaway home so the user's config is never read. */
  helm(args: readonly string[], opts: { cwd?: string } = {}): Run {
    const home = join(this.dir, 'helm-home');
    return run(join(TOOLS, 'helm'), [...args, '--kubeconfig', this.kubeconfig], {
      cwd: opts.cwd,
      env: { HOME: home, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') },
    });
  }

  /** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes; then throws with `what`. */
  async waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      this.assertRunning();
      try {
        const v = check();
        if (v !== undefined) return v;
      } catch (e) {
        if (e instanceof FatalCheck) throw e;
        last = e;
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? `: ${String(last)}` : ''}`);
      await sleep(250);
    }
  }

  /** Throws, naming the component and its last log lines, when a component has exited. */
  assertRunning(): void {
    const dead = this.processes.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    if (dead) throw new Error(`control plane: ${dead.name} exited (${dead.child.exitCode ?? dead.child.signalCode}): ${lastLines(dead.log)}`);
  }

  /** Stops every component (SIGTERM, then SIGKILL) and removes the folder. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const p of [...this.processes].reverse()) killGroup(p.child, 'SIGTERM');
    await Promise.all(this.processes.map((p) => exited(p.child, 10_000).then((done) => done || killGroup(p.child, 'SIGKILL'))));
    if (this.watchdog) killGroup(this.watchdog, 'SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async boot(): Promise<void> {
    const pki = join(this.dir, 'pki');
    mkdirSync(pki);
    const made = run(join(TOOLS, 'pki'), [pki]);
    if (made.status !== 0) throw new Error(`control plane: could not make certificates: ${made.stderr.trim()}`);

    const [etcdClient, etcdPeer, apiPort] = await freePorts(3);
    this.launch('etcd', [
      '--name=test', `--data-dir=${join(this.dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`, `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=test=http://127.0.0.1:${etcdPeer}`,
      // A throwaway store: durability buys nothing and fsync is most of etcd's latency.
      '--unsafe-no-fsync', '--log-level=error',
    ]);
    this.launch('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
      // The `kubernetes` Service's endpoint must not be loopback; no pod here calls the API server.
      '--endpoint-reconciler-type=none',
      `--tls-cert-file=${join(pki, 'apiserver.crt')}`, `--tls-private-key-file=${join(pki, 'apiserver.key')}`,
      `--client-ca-file=${join(pki, 'ca.crt')}`,
      `--service-account-key-file=${join(pki, 'sa.pub')}`, `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--service-cluster-ip-range=10.96.0.0/16', '--authorization-mode=RBAC',
      `--cert-dir=${join(this.dir, 'apiserver-certs')}`,
    ]);
    writeFileSync(this.kubeconfig, kubeconfig(`https://127.0.0.1:${apiPort}`, pki));
    await this.untilReady('kube-apiserver', () => httpsReady(apiPort, pki));

    const common = [`--kubeconfig=${this.kubeconfig}`, '--leader-elect=false', '--secure-port=0'];
    this.launch('kube-controller-manager', [
      ...common, `--service-account-private-key-file=${join(pki, 'sa.key')}`, `--root-ca-file=${join(pki, 'ca.crt')}`,
      '--use-service-account-credentials=false',
      // The default 15 s makes every HPA check wait; nothing here depends on the period itself.
      '--horizontal-pod-autoscaler-sync-period=1s',
    ]);
    this.launch('kube-scheduler', common);
    this.launch('kwok', [
      `--kubeconfig=${this.kubeconfig}`, `--config=${KWOK_STAGES}`, '--manage-all-nodes=false',
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`, '--server-address=',
      '--node-ip=127.0.0.1', '--cidr=10.244.0.0/16',
      // Renew each fake node's Lease, as a kubelet does: without it the node lifecycle controller
      // marks the nodes NotReady after its grace period and every pod with them.
      '--node-lease-duration-seconds=40',
    ]);
    this.watch();

    this.kubectlOk(['apply', '--server-side', '-f', '-'], [...FAKE_NODES.map(fakeNode), DEFAULT_STORAGE_CLASS].join('\n---\n'));
    const namespaces = INFRASTRUCTURE_NAMESPACES.map((name) => JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
    this.kubectlOk(['apply', '--server-side', '-f', '-'], namespaces.join('\n---\n'));
    this.kubectlOk(['apply', '--server-side', '-f', SHARED_CRDS]);
    this.kubectlOk(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
    await this.waitFor('fake nodes Ready', () => {
      const nodes = this.getJson(['nodes']).items;
      const ready = nodes.filter((n: any) => n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
      return ready.length === FAKE_NODES.length ? true : undefined;
    });
    await this.waitFor('the default ServiceAccount', () => (this.kubectl(['get', 'serviceaccount', 'default', '-n', 'default']).status === 0 ? true : undefined));
  }

  /** Starts one component in a process group of its own; its output goes to `<dir>/<name>.log`. */
  private launch(name: string, args: readonly string[]): void {
    const log = join(this.dir, `${name}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(join(TOOLS, name), args, { detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    this.processes.push({ name, child, log });
  }

  /**
   * A shell that outlives nothing: when this process dies without calling stop() (a crashed or
   * killed jest worker), it kills every component, so no API server is left running on the machine.
   */
  private watch(): void {
    const groups = this.processes.map((p) => `-${p.child.pid}`).join(' ');
    this.watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -KILL ${groups} 2>/dev/null; rm -rf '${this.dir}'`], {
      detached: true,
      stdio: 'ignore',
    });
    this.watchdog.unref();
    for (const p of this.processes) p.child.unref();
  }

  /** Waits for `ready`, failing fast with the component's last log line when any component has exited. */
  private async untilReady(name: string, ready: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      this.assertRunning();
      if (await ready()) return;
      if (Date.now() > deadline) throw new Error(`control plane: ${name} not ready after 90s: ${lastLines(this.processes.find((p) => p.name === name)!.log)}`);
      await sleep(200);
    }
  }
}

/** The one line a user needs when the tools are not built: what is missing and the command that builds it. */
function requireTools(): void {
  const missing = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok', 'helm', 'pki']
    .map((t) => join(TOOLS, t))
    .concat(KWOK_STAGES)
    .filter((path) => !existsSync(path))
    .map((path) => path.slice(ROOT.length + 1));
  if (missing.length) {
    throw new Error(`control plane: ${missing.join(', ')} missing: run test/cluster/build.sh (needs Go 1.26+; \`npm test\` runs it)`);
  }
}

function run(cmd: string, args: readonly string[], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(cmd, [...args], {
    input: opts.input,
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...opts.env },
  });
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

function kubeconfig(server: string, pki: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { server, 'certificate-authority': join(pki, 'ca.crt') } }],
    users: [{ name: 'admin', user: { 'client-certificate': join(pki, 'admin.crt'), 'client-key': join(pki, 'admin.key') } }],
    contexts: [{ name: 'test', context: { cluster: 'test', user: 'admin', namespace: 'default' } }],
    'current-context': 'test',
  });
}

function fakeNode(n: { name: string; zone: string }): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'topology.kubernetes.io/zone': n.zone, type: 'kwok' },
    },
    status: { allocatable: { cpu: '64', memory: '256Gi', pods: '250' }, capacity: { cpu: '64', memory: '256Gi', pods: '250' } },
  });
}

function httpsReady(port: number, pki: string): Promise<boolean> {
  return new Promise((done) => {
    const req = request(
      {
        host: '127.0.0.1', port, path: '/readyz', method: 'GET', timeout: 2000,
        ca: readFileSync(join(pki, 'ca.crt')), cert: readFileSync(join(pki, 'admin.crt')), key: readFileSync(join(pki, 'admin.key')),
      },
      (res) => {
        res.resume();
        done(res.statusCode === 200);
      },
    );
    req.on('error', () => done(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((ok, fail) => {
      const s = createServer();
      s.once('error', fail);
      s.listen(0, '127.0.0.1', () => ok(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
  return ports;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const t = setTimeout(() => done(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      done(true);
    });
  });
}

function lastLines(log: string): string {
  const text = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
  return text || '(no output)';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, ms));
}
