/**
 * Issue 17, item 8: YAML is read as Helm reads it. Each case is given to the real helm (a chart
 * that prints its values as JSON) and to kubesynth: where helm reads a value, kubesynth reads
 * the same; where helm refuses the file, kubesynth refuses it with a message that names what
 * it found and where. validate's reader follows the same rules.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../lib/config/config-error';
import { readValuesFile } from '../lib/config/values-source';
import { InputError, parseManifests, readInputs } from '../lib/validate/read-manifests';
import { echoChart, helm } from './support/helm';
import { tempDir } from './support/synthesized';

const chart = echoChart();

/** [case, file bytes, what kubesynth's error must say when helm refuses]; every row has three, or jest passes `done` */
const CASES: Array<[string, Buffer, string | undefined]> = [
  ['a float beyond float64', Buffer.from('a: 1e400\nb: -1e999\n'), undefined],
  ['.inf', Buffer.from('x: 1\na: .inf\n'), ':2: expected a finite number, found .inf (infinity), which JSON and so Helm cannot hold'],
  ['-.Inf', Buffer.from('a: -.Inf\n'), ':1: expected a finite number, found -.Inf (infinity)'],
  ['.nan', Buffer.from('a: .NaN\n'), ':1: expected a finite number, found .NaN (not a number)'],
  ['a plain date', Buffer.from('a: 2024-01-02\n'), undefined],
  ['a date and time', Buffer.from('a: 2001-12-14t21:59:43.10-05:00\nb: 2001-12-14 21:59:43.10 -5\n'), undefined],
  ['an explicit !!timestamp', Buffer.from('a: !!timestamp 2024-01-02\n'), undefined],
  ['!!binary', Buffer.from('a: !!binary aGVsbG8=\n'), undefined],
  ['YAML 1.1 booleans and numbers', Buffer.from('a: on\nb: yes\nc: 0x1F\nd: 1.5\ne: 010\n'), undefined],
  ['UTF-8 text', Buffer.from('a: "héllo ✓ 𝄞"\n'), undefined],
  ['a raw NUL', Buffer.from('a: "x\u0000y"\n'), ':1: expected YAML text, found a control character (U+0000), which YAML does not allow'],
  ['a raw control character', Buffer.from('a: 1\nb: "x\u0001y"\n'), ':2: expected YAML text, found a control character (U+0001)'],
  ['invalid UTF-8', Buffer.from([...Buffer.from('a: 1\nb: "'), 0xff, ...Buffer.from('"\n')]), ':2: expected YAML text in UTF-8, found bytes that are not UTF-8 (0xff at byte 9)'],
  ['an overlong UTF-8 sequence', Buffer.from([...Buffer.from('a: "'), 0xc0, 0xaf, ...Buffer.from('"\n')]), ':1: expected YAML text in UTF-8, found bytes that are not UTF-8 (0xc0 at byte 4)'],
];

describe('values files read as helm reads them', () => {
  test.each(CASES)('%s', (_, bytes, refusal) => {
    const file = join(tempDir(), 'values.yaml');
    writeFileSync(file, bytes);
    const r = helm(['template', 'x', chart, '-f', file]);
    let ours: unknown;
    try {
      ours = JSON.parse(JSON.stringify(readValuesFile(file).values));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      ours = { refused: e.message };
    }
    if (r.status !== 0) {
      expect(refusal).toBeDefined();
      expect(ours).toEqual({ refused: expect.stringContaining(`${file}${refusal}`) });
    } else {
      expect(refusal).toBeUndefined();
      expect(ours).toEqual(JSON.parse((parse(r.stdout) as { data: { values: string } }).data.values));
    }
  });
});

describe("validate's reader follows the same rules", () => {
  const cm = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\ndata:\n  v: ${value}\n`;

  test('timestamps stay text; 1e400 is text', () => {
    expect(parseManifests('m.yaml', cm('2024-01-02'))[0].object.data).toEqual({ v: '2024-01-02' });
    expect(parseManifests('m.yaml', cm('1e400'))[0].object.data).toEqual({ v: '1e400' });
  });

  test('.inf, NUL and invalid UTF-8 are input errors that say what and where', () => {
    expect(() => parseManifests('m.yaml', cm('.inf'))).toThrow(new InputError('m.yaml:7: expected a finite number, found .inf (infinity), which JSON and so Helm cannot hold'));
    expect(() => parseManifests('m.yaml', cm('"a\u0000"'))).toThrow(new InputError('m.yaml:7: expected YAML text, found a control character (U+0000), which YAML does not allow'));
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from(cm('"')).subarray(0, -1), Buffer.from([0xfe, 0x22, 0x0a])]));
    expect(() => readInputs([file])).toThrow(`${file}:7: expected YAML text in UTF-8, found bytes that are not UTF-8 (0xfe at byte`);
  });
});
