/**
 * The thread of TypeCheck (lib/cli/type-check.ts): checks the project's platform code with the
 * project's TypeScript and tsconfig.json, incrementally (the build info file keeps what the last
 * check found per file), posts the errors and wakes the synth thread, which waits synchronously.
 */
// Only Node's own module and types before the exit handler is in place: nothing that can fail to load.
import { dirname, relative, sep } from 'node:path';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { threadId, workerData } from 'node:worker_threads';
import type * as ts from 'typescript';
import { CHECKED_FOLDERS, TypeCheckReply, TypeCheckWorkerData } from './type-check';

const data = workerData as TypeCheckWorkerData;
const signal = new Int32Array(data.signal);
let replied = false;
const reply = (r: TypeCheckReply) => {
  if (replied) return;
  replied = true;
  // Posted before the wake-up, so the synth thread finds it when it wakes.
  data.port.postMessage(r);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
};
// However the thread ends, the synth thread must not wait for it.
process.on('exit', () => reply({ failed: 'the type-check thread ended without a reply' }));

/** `charts/x.ts:12:5 - error TS2353: ...`, relative to the project, as editors and terminals link it. */
function format(t: typeof ts, d: ts.Diagnostic): string {
  const text = t.flattenDiagnosticMessageText(d.messageText, '\n    ');
  const where = d.file && d.start !== undefined
    ? (() => {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${relative(data.root, d.file.fileName)}:${line + 1}:${character + 1} - `;
    })()
    : '';
  return `${where}${t.DiagnosticCategory[d.category].toLowerCase()} TS${d.code}: ${text}`;
}

try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const t = require(data.typescript) as typeof ts;
  const fatal: ts.Diagnostic[] = [];
  const parsed = t.getParsedCommandLineOfConfigFile(data.tsconfig, {
    // Checked, never written: only the build info, where the project's own build does not look.
    noEmit: true,
    incremental: true,
    tsBuildInfoFile: data.buildInfo,
    composite: false,
    declaration: false,
    declarationMap: false,
    emitDeclarationOnly: false,
    sourceMap: false,
  }, { ...t.sys, onUnRecoverableConfigFileDiagnostic: (d) => fatal.push(d) });
  if (!parsed || fatal.length) {
    reply({ errors: fatal.map((d) => format(t, d)) });
  } else {
    const roots = CHECKED_FOLDERS.map((f) => `${data.root}${sep}${f}${sep}`);
    const rootNames = parsed.fileNames.filter((f) => roots.some((r) => f.startsWith(r) || f.startsWith(r.split(sep).join('/'))));
    mkdirSync(dirname(data.buildInfo), { recursive: true });
    const program = t.createIncrementalProgram({
      rootNames,
      options: parsed.options,
      configFileParsingDiagnostics: t.getConfigFileParsingDiagnostics(parsed),
      ...(parsed.projectReferences ? { projectReferences: parsed.projectReferences } : {}),
    });
    const diagnostics = [
      ...program.getConfigFileParsingDiagnostics(),
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...program.getSyntacticDiagnostics(),
      ...program.getSemanticDiagnostics(),
    ].filter((d) => d.category === t.DiagnosticCategory.Error);
    // With noEmit, emit writes the build info alone: what the next check starts from. Written aside and renamed in:
    // two synths at once must not read half of one.
    program.emit(undefined, (file, text) => {
      const partial = `${file}.${process.pid}.${threadId}`;
      writeFileSync(partial, text);
      renameSync(partial, file);
    });
    reply({ errors: diagnostics.map((d) => format(t, d)) });
  }
} catch (e) {
  reply({ failed: e instanceof Error ? e.stack ?? e.message : String(e) });
}
