import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CheckedProject, TypeCheckReply } from './checker';

/**
 * How a synth reaches the type-check server (lib/cli/type-check/server.ts): where its socket is,
 * whether one may be used, and one request over it. A synth that finds no server starts one,
 * detached, and asks it; the next synth finds it warm.
 */

/** Bumped when the request or reply changes: a server of another format has another socket. */
const PROTOCOL = 'kubesynth-type-check-server-1';

/** The compiled server beside this module. */
export const SERVER_SCRIPT = join(__dirname, 'server.js');

/** A request: one JSON line; the reply is one JSON line, then the server closes the connection. */
export type ServerRequest = { readonly check: CheckedProject } | { readonly stop: true } | { readonly status: true };

/** What a server says of itself (`kubesynth type-check-server`). */
export interface ServerStatus {
  readonly pid: number;
  readonly project: CheckedProject;
  /** Checks answered since it started. */
  readonly checks: number;
  /** Steps of its rehearsal still to run (see WarmChecker.rehearsal): 0 when it only waits. */
  readonly rehearsing: number;
  /** When it started, ISO 8601. */
  readonly since: string;
  /** Its memory (resident set), MiB. */
  readonly rssMiB: number;
}

/** What the server did for a check, for `--timings`. */
export interface ServedBy {
  readonly pid: number;
  /** CPU time of the check in the server, in milliseconds. */
  readonly cpuMs: number;
  /** Whether the server had a program from an earlier check to start from. */
  readonly warm: boolean;
}

export type ServerReply = (TypeCheckReply & { readonly server: ServedBy }) | { readonly stopped: true } | { readonly status: ServerStatus };

/**
 * The socket of the server for this project, this TypeScript and this server code: in a folder
 * of the user's own that no one else can enter (the server runs the project's TypeScript for
 * whoever connects). Throws, saying why, when that folder is not safe to use.
 */
export function socketFor(project: CheckedProject): string {
  const key = createHash('sha256').update(`${PROTOCOL}\0${resolve(project.root)}\0${project.typescript}\0${project.tsconfig}\0`);
  // A kubesynth install or upgrade replaces these files: the server of the old code is not asked.
  for (const code of [SERVER_SCRIPT, __filename, join(__dirname, 'checker.js')]) key.update(readFileSync(code));
  const uid = process.getuid?.() ?? 0;
  const dir = join(tmpdir(), `kubesynth-${uid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const s = lstatSync(dir);
  if (!s.isDirectory() || s.uid !== uid || (s.mode & 0o077) !== 0) {
    throw new Error(`${dir} is not a folder that only this user can enter`);
  }
  return join(dir, `type-check-${key.digest('hex').slice(0, 16)}.sock`);
}

/** Sends one request and resolves with the reply; rejects when no server listens, or it closed without a reply. */
export function ask(socket: string, request: ServerRequest, timeoutMs: number): Promise<ServerReply> {
  return new Promise((done, fail) => {
    const c = connect(socket);
    let text = '';
    c.setEncoding('utf8');
    c.setTimeout(timeoutMs, () => c.destroy(new Error(`the type-check server gave no reply in ${timeoutMs / 1000} s`)));
    c.on('connect', () => c.write(`${JSON.stringify(request)}\n`));
    c.on('data', (chunk: string) => (text += chunk));
    c.on('error', fail);
    c.on('close', () => {
      try {
        done(JSON.parse(text) as ServerReply);
      } catch {
        fail(new Error('the type-check server closed the connection without a reply'));
      }
    });
  });
}

/** Starts a server for the project on `socket`, detached: it outlives the synth that started it. */
export function startServer(project: CheckedProject, socket: string): void {
  const child = spawn(process.execPath, [SERVER_SCRIPT, socket, JSON.stringify(project)], { cwd: project.root, detached: true, stdio: 'ignore' });
  child.unref();
}

/** How long a check may take in the server before the synth checks by itself instead. */
const CHECK_TIMEOUT_MS = 180_000;

/**
 * The project checked by its server: the one listening on its socket, or one started now (a
 * first check takes as long as a check without a server, then the server keeps the program).
 * Rejects when no server could be reached or it failed: the caller checks by itself.
 */
export async function checkByServer(project: CheckedProject): Promise<TypeCheckReply & { readonly server: ServedBy }> {
  const socket = socketFor(project);
  let answer = await tryAsk(socket, { check: project }, CHECK_TIMEOUT_MS);
  if (noServer(answer)) {
    const stopping = stopOthers(project, socket);
    startServer(project, socket);
    // The server listens before it loads TypeScript: it is reachable within Node's start-up.
    for (let waited = 0; noServer(answer) && waited < 5_000; waited += 25) {
      await new Promise((r) => setTimeout(r, 25));
      answer = await tryAsk(socket, { check: project }, CHECK_TIMEOUT_MS);
    }
    await stopping;
  }
  if ('error' in answer) throw answer.error;
  const reply = answer.reply;
  if (!('server' in reply)) throw new Error(`the type-check server answered something else than a check: ${JSON.stringify(reply).slice(0, 200)}`);
  if ('failed' in reply) throw new Error(`the type-check server failed: ${reply.failed}`);
  return reply;
}

/** The socket files of type-check servers, in the folder socketFor keeps them in. */
const SOCKET_FILE = /^type-check-[0-9a-f]+\.sock$/;

/**
 * Stops the servers of the same project listening on other sockets: those of an earlier
 * kubesynth, TypeScript or tsconfig path (each has a socket of its own), which no synth asks any
 * more and which would otherwise hold a program in memory until their idle time ran out.
 * Servers of other projects are left alone; one that does not answer is too. The socket files
 * of killed servers are removed.
 */
async function stopOthers(project: CheckedProject, socket: string): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(dirname(socket));
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => SOCKET_FILE.test(n)).map((n) => join(dirname(socket), n)).filter((other) => other !== socket).map(async (other) => {
    const answer = await tryAsk(other, { status: true }, 2_000);
    if ('reply' in answer && 'status' in answer.reply && answer.reply.status.project.root === project.root) await tryAsk(other, { stop: true }, 2_000);
    // Nothing listens there: what a killed server left (no server removes another's socket file otherwise).
    else if ('error' in answer && answer.error.code === 'ECONNREFUSED') rmSync(other, { force: true });
  }));
}

/** A reply, or why there was none (not thrown: the caller tells "no server" from a failure). */
export type Answer = { readonly reply: ServerReply } | { readonly error: NodeJS.ErrnoException };

export function tryAsk(socket: string, request: ServerRequest, timeoutMs: number): Promise<Answer> {
  return ask(socket, request, timeoutMs).then((reply) => ({ reply }), (error: NodeJS.ErrnoException) => ({ error }));
}

/** No server listens on the socket (none was started, or a stopped one left its socket file). */
export function noServer(answer: Answer): boolean {
  return 'error' in answer && (answer.error.code === 'ENOENT' || answer.error.code === 'ECONNREFUSED');
}
