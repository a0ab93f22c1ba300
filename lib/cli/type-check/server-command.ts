import { noServer, socketFor, tryAsk } from './server-connection';
import { noServerFor, projectToCheck } from './type-check';

/**
 * `kubesynth type-check-server [--stop]`: what the project's type-check server says of itself,
 * or stopping it. Exit status 0 when one runs (or was stopped), 1 when none runs or it could not
 * be reached.
 */
export async function serverCommand(root: string, what: 'status' | 'stop'): Promise<{ status: number; message: string }> {
  const project = projectToCheck(root);
  if ('skipped' in project) return { status: 1, message: `no type-check server for ${root}: the project is not type-checked (${project.skipped})` };
  const without = noServerFor(project);
  if (without) return { status: 1, message: `no type-check server for ${project.root}: ${without}` };
  const socket = socketFor(project);
  const answer = await tryAsk(socket, what === 'stop' ? { stop: true } : { status: true }, 10_000);
  if (noServer(answer)) return { status: 1, message: `no type-check server runs for ${project.root}` };
  if ('error' in answer) return { status: 1, message: `the type-check server of ${project.root} did not answer: ${answer.error.message}` };
  const reply = answer.reply;
  if ('stopped' in reply) return { status: 0, message: `stopped the type-check server of ${project.root}` };
  if ('status' in reply) {
    const s = reply.status;
    return { status: 0, message: `type-check server of ${s.project.root}: pid ${s.pid}, since ${s.since}, ${s.checks} check(s)${s.rehearsing ? `, rehearsing (${s.rehearsing} step(s) left)` : ''}, ${s.rssMiB} MiB, socket ${socket}` };
  }
  return { status: 1, message: `the type-check server of ${project.root} gave an unexpected answer` };
}
