/**
 * lib/templating/action-layout.ts breaks long template lines inside their Go actions. It may change
 * where lines break, never what a chart renders: the real Helm renders every chart, for every
 * environment, the same byte for byte whether its templates are laid out for 160 columns (as
 * dist/ ships them) or squeezed into 50, which breaks nearly every action.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platforms } from '../charts';
import { breakLongLines } from '../lib/templating/action-layout';
import { envArgs } from './support/helm-round-trip';
import { haveCurrentHelm, helm, HELM, HELM_CURRENT } from './support/helm';
import { CONFIG_DIR, ROOT } from './support/synthesized';

const CHARTS = join(ROOT, 'dist', 'helm');

/** `templates/**` files of a chart folder that Helm renders (NOTES.txt is prose and stays as it is). */
function templateFiles(chart: string): string[] {
  const dir = join(chart, 'templates');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(yaml|tpl)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('breakLongLines', () => {
  test('puts back-to-back actions one per line, each after the first opening with {{- so the break renders nothing', () => {
    const line = '    - ports: {{ $ports := list }}{{ range $.Values.x.ports }}{{ $ports = append $ports (dict "port" .) }}{{ end }}{{ $ports | toJson }}';
    expect(breakLongLines(line, 80).split('\n')).toEqual([
      '    - ports: {{ $ports := list }}',
      '        {{- range $.Values.x.ports }}',
      '          {{- $ports = append $ports (dict "port" .) }}',
      '        {{- end }}',
      '        {{- $ports | toJson }}',
    ]);
  });

  test('breaks an action at its operands, a dict two by two, and keeps a short end of the pipe on the last line', () => {
    const line = '      securityContext: {{ mustMergeOverwrite (dict "fsGroup" 1000 "runAsNonRoot" true "seccompProfile" (dict "type" "RuntimeDefault")) (deepCopy $.Values.api.podSecurityContext) | toJson }}';
    expect(breakLongLines(line, 60).split('\n')).toEqual([
      '      securityContext: {{ mustMergeOverwrite',
      '          (dict',
      '            "fsGroup" 1000',
      '            "runAsNonRoot" true',
      '            "seccompProfile" (dict "type" "RuntimeDefault"))',
      '          (deepCopy $.Values.api.podSecurityContext) | toJson }}',
    ]);
  });

  test('cuts a long string into print operands: one per line of its text, then after a space', () => {
    const line = `C: {{ print "a: 1\\nb: ${'x '.repeat(40)}\\n" ($.Values.c) | toJson }}`;
    const out = breakLongLines(line, 60).split('\n');
    expect(out[0]).toBe('C: {{ print');
    expect(out[1]).toBe('    "a: 1\\n"');
    expect(out.every((l) => l.length <= 60)).toBe(true);
    expect(out[out.length - 1]).toBe('    ($.Values.c) | toJson }}');
  });

  test('leaves short lines, comments and lines of plain text as they are', () => {
    const text = `a: {{ .Values.a | toJson }}\n{{/* ${'a long comment '.repeat(20)} */}}\nb: "${'plain '.repeat(40)}"\n`;
    expect(breakLongLines(text, 80)).toBe(text);
  });

  test('an unclosed action or string is an error naming where it starts', () => {
    expect(() => breakLongLines(`a: 1\nb: ${'x'.repeat(200)} {{ print "x" `, 80)).toThrow('Unclosed template action at line 2, column 205.');
    expect(() => breakLongLines(`a: {{ print "x${'y'.repeat(200)} }}`, 80)).toThrow('Unclosed " literal at line 1, column 13.');
  });

  test('every template in dist/ is already laid out: a second pass changes nothing, and no line is over 160', () => {
    for (const p of platforms) {
      for (const file of templateFiles(join(CHARTS, p.name))) {
        const text = readFileSync(file, 'utf8');
        expect({ file, same: breakLongLines(text) === text }).toEqual({ file, same: true });
      }
    }
  });
});

describe('laying out the templates changes no rendered byte (real Helm)', () => {
  const binaries = [HELM, ...(haveCurrentHelm ? [HELM_CURRENT] : [])];
  test.each(platforms.map((p) => p.name))('%s: every environment renders the same at 160 and at 50 columns', (platform) => {
    const squeezed = join(mkdtempSync(join(tmpdir(), 'kubesynth-layout-')), platform);
    cpSync(join(CHARTS, platform), squeezed, { recursive: true });
    let broken = 0;
    for (const file of templateFiles(squeezed)) {
      const text = readFileSync(file, 'utf8');
      const narrow = breakLongLines(text, 50);
      if (narrow !== text) broken++;
      writeFileSync(file, narrow);
    }
    // The squeeze must reach many templates, or it would prove little.
    expect(broken).toBeGreaterThan(20);
    const envs = readdirSync(join(CONFIG_DIR, platform)).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length));
    for (const binary of binaries) {
      for (const env of envs) {
        const args = ['--namespace', `${platform}-ns`, ...envArgs(platform, env), '--set', 'namespaces.create=true'];
        const shipped = helm(['template', platform, join(CHARTS, platform), ...args], { binary });
        const narrow = helm(['template', platform, squeezed, ...args], { binary });
        expect({ env, binary, status: shipped.status, stderr: shipped.stderr }).toEqual({ env, binary, status: 0, stderr: '' });
        expect({ env, binary, same: narrow.stdout === shipped.stdout, stderr: narrow.stderr }).toEqual({ env, binary, same: true, stderr: '' });
      }
    }
  });
});
