/**
 * `synth --watch` (lib/cli/synth-watch): which change asks for what. A chart of a project that
 * installed kubesynth is bundled afresh by every synth; kubesynth's own charts are compiled and
 * dropped from the module cache; its own lib/ (the CLI itself) and package.json, a lockfile or
 * tsconfig.json start a new thread; a values file or a -f/--set-file file is read by the next
 * synth; editors' litter is ignored. test/npm-synth-watch.test.ts runs the real watch.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTLE_MS, watchInputs } from '../lib/cli/synth-watch';
import { tempDir } from './support/synthesized';

type Call = 'compile' | 'forgetCharts' | 'synth' | 'restart';

/** A project folder with a chart, a lib module, a values file, and a -f file outside the config folder. */
function project(): { root: string; extra: string } {
  const root = tempDir('kubesynth-watch-');
  for (const dir of ['charts', 'lib/values', 'config/shop', 'overrides']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'charts', 'shop.ts'), 'export const shop = 1;\n');
  writeFileSync(join(root, 'lib', 'values', 'shared.ts'), 'export const shared = 1;\n');
  writeFileSync(join(root, 'config', 'shop', 'dev.yaml'), 'replicas: 1\n');
  writeFileSync(join(root, 'overrides', 'extra.yaml'), 'replicas: 2\n');
  writeFileSync(join(root, 'overrides', 'unrelated.yaml'), 'x: 1\n');
  writeFileSync(join(root, 'package.json'), '{}\n');
  writeFileSync(join(root, 'README.md'), 'hello\n');
  return { root, extra: join(root, 'overrides', 'extra.yaml') };
}

/** Starts a watch of `root` that records what it was asked to do; `compiles` says whether a compile succeeds. */
function watching(root: string, extra: string, ownProject: boolean, compiles = true) {
  const calls: Call[] = [];
  const printed: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((line: string) => void printed.push(line));
  const watch = watchInputs({ root, ownProject, configDir: join(root, 'config'), files: [extra] }, {
    synth: () => void calls.push('synth'),
    restart: () => void calls.push('restart'),
    compile: () => (calls.push('compile'), compiles),
    forgetCharts: () => void calls.push('forgetCharts'),
  });
  return {
    calls,
    printed,
    /** Makes a change, then returns what the watch did about it once it settled (and nothing more came). */
    async after(change: () => void): Promise<Call[]> {
      const from = calls.length;
      change();
      // Done when a call came and nothing followed for a while, or when none came in well over the settling time.
      const quiet = SETTLE_MS * 8;
      const started = Date.now();
      let seen = -1;
      while (Date.now() - started < 5_000) {
        await new Promise((r) => setTimeout(r, quiet));
        if (calls.length > from ? calls.length === seen : Date.now() - started > quiet * 4) break;
        seen = calls.length;
      }
      return calls.slice(from);
    },
    close: () => {
      watch.close();
      spy.mockRestore();
    },
  };
}

const edit = (file: string, text = `// ${Math.random()}\n`) => () => writeFileSync(file, text, { flag: 'a' });

describe('kubesynth\'s own repository', () => {
  test('a chart is compiled and loaded again; lib/ and the settings start a new thread; values files are only read again', async () => {
    const { root, extra } = project();
    const w = watching(root, extra, true);
    try {
      expect(w.printed).toEqual([`watch: waiting for changes to charts/, lib/, config/, overrides/extra.yaml (Ctrl-C stops)`]);
      expect(await w.after(edit(join(root, 'charts', 'shop.ts')))).toEqual(['compile', 'forgetCharts', 'synth']);
      expect(w.printed).toContain('watch: charts/shop.ts changed');
      expect(await w.after(edit(join(root, 'lib', 'values', 'shared.ts')))).toEqual(['compile', 'restart']);
      // The CLI reads the platform names at its start (its --platform choices).
      expect(await w.after(edit(join(root, 'charts', 'platform-names.ts')))).toEqual(['compile', 'restart']);
      expect(await w.after(edit(join(root, 'config', 'shop', 'dev.yaml')))).toEqual(['synth']);
      expect(await w.after(edit(extra))).toEqual(['synth']);
      for (const settings of ['package.json', 'package-lock.json', 'tsconfig.json']) {
        expect(await w.after(edit(join(root, settings)))).toEqual(['compile', 'restart']);
      }
    } finally {
      w.close();
    }
  });

  test('a chart that does not compile: nothing is loaded or written, and the watch goes on', async () => {
    const { root, extra } = project();
    const w = watching(root, extra, true, false);
    try {
      expect(await w.after(edit(join(root, 'charts', 'shop.ts')))).toEqual(['compile']);
      expect(w.printed.slice(-2)).toEqual(['nothing was written.', expect.stringMatching(/^watch: waiting for changes/)]);
      expect(await w.after(edit(join(root, 'lib', 'values', 'shared.ts')))).toEqual(['compile']);
    } finally {
      w.close();
    }
  });
});

describe('a project that installed kubesynth', () => {
  test('charts/ and lib/ are bundled again by the synth itself: nothing is compiled or restarted', async () => {
    const { root, extra } = project();
    const w = watching(root, extra, false);
    try {
      expect(await w.after(edit(join(root, 'charts', 'shop.ts')))).toEqual(['synth']);
      expect(await w.after(edit(join(root, 'lib', 'values', 'shared.ts')))).toEqual(['synth']);
      // A new module counts; so does one saved by renaming a new file over it, as many editors do.
      expect(await w.after(() => writeFileSync(join(root, 'lib', 'values', 'more.ts'), 'export const more = 2;\n'))).toEqual(['synth']);
      expect(await w.after(() => {
        writeFileSync(join(root, 'charts', 'shop.ts.new'), 'export const shop = 3;\n');
        renameSync(join(root, 'charts', 'shop.ts.new'), join(root, 'charts', 'shop.ts'));
      })).toEqual(['synth']);
      expect(await w.after(edit(join(root, 'package.json')))).toEqual(['restart']);
    } finally {
      w.close();
    }
  });

  test('a lib/ made after the watch started is watched from then on', async () => {
    const { root, extra } = project();
    rmSync(join(root, 'lib'), { recursive: true });
    const w = watching(root, extra, false);
    try {
      expect(w.printed).toEqual([`watch: waiting for changes to charts/, config/, overrides/extra.yaml (Ctrl-C stops)`]);
      expect(await w.after(() => {
        mkdirSync(join(root, 'lib'));
        writeFileSync(join(root, 'lib', 'replicas.ts'), 'export const REPLICAS = 2;\n');
      })).toEqual(['synth']);
      expect(await w.after(edit(join(root, 'lib', 'replicas.ts')))).toEqual(['synth']);
      expect(w.printed).toContain('watch: lib/replicas.ts changed');
      expect(w.printed.at(-1)).toBe(`watch: waiting for changes to charts/, lib/, config/, overrides/extra.yaml (Ctrl-C stops)`);
    } finally {
      w.close();
    }
  });

  test('a -f file in the project folder is watched beside package.json', async () => {
    const { root } = project();
    const inRoot = join(root, 'values-extra.yaml');
    writeFileSync(inRoot, 'replicas: 3\n');
    const w = watching(root, inRoot, false);
    try {
      expect(await w.after(edit(inRoot))).toEqual(['synth']);
      expect(await w.after(edit(join(root, 'package.json')))).toEqual(['restart']);
      expect(await w.after(edit(join(root, 'README.md')))).toEqual([]);
    } finally {
      w.close();
    }
  });

  test('what no synth reads changes nothing: editor litter, other files beside a -f file, the project\'s other files', async () => {
    const { root, extra } = project();
    const w = watching(root, extra, false);
    try {
      for (const litter of [join(root, 'charts', '.shop.ts.swp'), join(root, 'charts', 'shop.ts~'), join(root, 'charts', '4913'), join(root, 'charts', 'notes.md'), join(root, 'overrides', 'unrelated.yaml'), join(root, 'README.md')]) {
        expect(await w.after(edit(litter))).toEqual([]);
      }
      // Several saves at once are one synth.
      expect(await w.after(() => {
        edit(join(root, 'charts', 'shop.ts'))();
        edit(join(root, 'config', 'shop', 'dev.yaml'))();
        edit(extra)();
      })).toEqual(['synth']);
      expect(w.printed).toContain('watch: charts/shop.ts, config/shop/dev.yaml, overrides/extra.yaml changed');
    } finally {
      w.close();
    }
  });
});
