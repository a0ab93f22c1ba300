import { Construct } from 'constructs';
import { Workload, WorkloadProps } from './workload';

/**
 * A background workload with no Service (queue consumers, agents). Its probes must be
 * command probes, since it listens on no port.
 */
export class Worker extends Workload {
  constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id, props);
  }
}
