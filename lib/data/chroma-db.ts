import type { Construct } from 'constructs';
import type { WorkloadProbes } from '../workloads/probes';
import { ServiceWorkload, ServiceWorkloadProps } from '../workloads/service-workload';
import type { ValuesPath } from '../templating/values-binding';

export interface ChromaDbProps extends Omit<ServiceWorkloadProps, 'port' | 'portName' | 'probes' | 'persistence' | 'command' | 'args'> {
  /** The volume the collections live on (one per pod, retained when the workload goes). */
  readonly persistence: { readonly size: string; readonly storageClass?: string; readonly valuesPath?: ValuesPath };
}

const CHROMA_PORT = 8000;
const DATA_PATH = '/data';

const heartbeat: WorkloadProbes = {
  readiness: { check: { httpPath: '/api/v1/heartbeat' }, initialDelaySeconds: 5, periodSeconds: 10 },
  liveness: { check: { httpPath: '/api/v1/heartbeat' }, initialDelaySeconds: 30, periodSeconds: 20 },
  // Opening a large persistent store (SQLite plus HNSW segments) can take a while.
  startup: { check: { httpPath: '/api/v1/heartbeat' }, periodSeconds: 5, failureThreshold: 60 },
};

/**
 * ChromaDB (the `chromadb/chroma` server image, 0.5/0.6 line) with its collections on a
 * volume of its own: a StatefulSet with a single replica, since its local store (SQLite and
 * HNSW files) allows one writer. The image runs as root by default; here it runs as UID 1000,
 * which owns the volume through fsGroup, on a read-only root. Its arguments leave out the
 * image's `--log-config`, whose file handler would write `chroma.log` into the read-only
 * working directory: logs go to stdout. Anonymized telemetry is off (no egress needed).
 */
export class ChromaDb extends ServiceWorkload {
  constructor(scope: Construct, id: string, props: ChromaDbProps) {
    const where = `${scope.node.path}/${id}`;
    if ((props.replicas ?? 1) > 1 || (props.autoscaling && props.autoscaling.maxReplicas > 1)) {
      throw new Error(`${where}: ChromaDB's persistent store has a single writer; run 1 replica (replicas: 1, autoscaling maxReplicas: 1) and scale it up, not out.`);
    }
    super(scope, id, {
      ...props,
      port: CHROMA_PORT,
      portName: 'http',
      // The image's entrypoint prefixes `uvicorn chromadb.app:app`; one worker, as the store has one writer.
      args: ['--workers', '1', '--host', '0.0.0.0', '--port', String(CHROMA_PORT), '--proxy-headers', '--timeout-keep-alive', '30'],
      env: { ...(props.env ?? {}), IS_PERSISTENT: 'TRUE', PERSIST_DIRECTORY: DATA_PATH, ANONYMIZED_TELEMETRY: 'FALSE' },
      probes: heartbeat,
      persistence: { mountPath: DATA_PATH, ...props.persistence },
    });
  }
}
