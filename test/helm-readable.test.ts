/**
 * Issue 12, "templates a person can review": the charts read like hand-written Bitnami-style
 * charts. Names go through the helpers (no `printf ... | trunc 63` written out at every name),
 * Grafana dashboards are pretty-printed JSON files read with `.Files.Get`, and template lines
 * stay short: none is over 160 characters (LONG_LINE_BUDGET).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { platforms } from '../charts';
import { ROOT } from './support/synthesized';

const CHARTS = join(ROOT, 'dist', 'helm');
const MAX_LINE = 160;

/** Every template of every chart: `<platform>/templates/<file>` -> lines. */
function templates(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of platforms) {
    const dir = join(CHARTS, p.name, 'templates');
    // templates/tests/ holds the `helm test` pods.
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }).filter((x) => x.isFile())) {
      const rel = join(e.parentPath, e.name).slice(dir.length + 1);
      out.set(`${p.name}/templates/${rel}`, readFileSync(join(dir, rel), 'utf8').split('\n'));
    }
  }
  return out;
}

/**
 * Lines over 160 characters allowed in the manifest templates (16,700 lines across the five
 * charts): none. There were 152 of 8,808 before issue 12 and 97 before lib/templating/action-layout.ts,
 * which breaks every long line inside its actions (at operands, one back-to-back action per
 * line) and cuts long strings into `print` operands; test/helm-layout.test.ts shows that this
 * changes no rendered byte. A line of plain text could not be broken without changing what
 * renders, so the writer turns a long literal into such a `print` first.
 */
const LONG_LINE_BUDGET = 0;

describe('chart templates a person can review', () => {
  const all = templates();

  test('no template writes out printf ... | trunc 63: names come from the <chart>.componentName helper', () => {
    const offenders = [...all].filter(([f, lines]) => !f.endsWith('_helpers.tpl') && lines.some((l) => /trunc 63/.test(l))).map(([f]) => f);
    expect(offenders).toEqual([]);
    for (const p of platforms) {
      const helpers = readFileSync(join(CHARTS, p.name, 'templates', '_helpers.tpl'), 'utf8');
      for (const helper of ['name', 'fullname', 'componentName', 'chart', 'labels', 'selectorLabels']) expect(helpers).toContain(`define "${p.name}.${helper}"`);
      expect(helpers).toContain('.Values.nameOverride');
      expect(helpers).toContain('.Values.fullnameOverride');
    }
  });

  test('Grafana dashboards are pretty-printed JSON files of the chart, read with .Files.Get', () => {
    for (const p of platforms) {
      const dashboards = [...all].filter(([f, lines]) => f.startsWith(`${p.name}/`) && lines.some((l) => l.includes('grafana_dashboard')));
      for (const [f, lines] of dashboards) {
        // The data map is one action over several lines: its key is the release's file name (<fullname>-dashboard.json).
        const data = lines.filter((l) => l.includes('.Files.Get "files/dashboards/'));
        expect({ f, data: data.map((l) => /\.Files\.Get "files\/dashboards\/[a-z0-9-]+\.json"/.test(l)) }).toEqual({ f, data: [true] });
        const file = /"(files\/dashboards\/[a-z0-9-]+\.json)"/.exec(data[0])![1];
        const json = readFileSync(join(CHARTS, p.name, file), 'utf8');
        // Valid JSON as it stands (template actions sit inside JSON strings), one value per line (the longest: a PromQL expression).
        expect(() => JSON.parse(json)).not.toThrow();
        expect(Math.max(...json.split('\n').map((l) => l.length))).toBeLessThan(500);
      }
    }
  });

  test(`no template line is over ${MAX_LINE} characters`, () => {
    // NOTES.txt is prose that the terminal wraps, not a manifest template.
    const manifests = [...all].filter(([f]) => !f.endsWith('NOTES.txt'));
    const long = manifests.flatMap(([f, lines]) => lines.filter((l) => l.length > MAX_LINE).map((l) => `${f}: ${l.length} characters: ${l.slice(0, 80)}...`));
    // Listed, so a failure names each line; the budget is 0, so the list must be empty.
    expect(long.slice(LONG_LINE_BUDGET)).toEqual([]);
  });
});
