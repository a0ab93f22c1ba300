/** parseSetArgs parses --set exactly as helm 3.10 does: each case is rendered by the real helm and compared. */
import { parse } from 'yaml';
import { parseSetArgs } from '../lib/config/set-values';
import { echoChart, helm } from './support/helm';

const chart = echoChart();
function helmParses(sets: readonly string[]): unknown {
  const r = helm(['template', 'x', chart, ...sets.flatMap((s) => ['--set', s])]);
  if (r.status !== 0) return { error: r.stderr.trim() };
  return JSON.parse((parse(r.stdout) as { data: { values: string } }).data.values);
}

const CASES: string[][] = [
  ['a=b'],
  ['a.b.c=d'],
  ['a=1,b=2'],
  ['a=true', 'b=FALSE', 'c=null', 'd=Null'],
  ['n=42', 'neg=-7', 'zero=0', 'lead=010', 'float=1.5', 'exp=1e3', 'plus=+5', 'big=12345678901234'],
  ['a='],
  ['list={x,y,z}'],
  ['list={1,true,two}'],
  ['empty={}'],
  ['a[0]=x'],
  ['a[2]=x'],
  ['a[0].b=x', 'a[0].c=y'],
  ['a[1].b=x', 'a[0].b=y'],
  ['a.b\\.c=d'],
  ['a=b\\,c'],
  ['a=b\\=c'],
  ['a=with space'],
  ['a=ünïcødé ✓'],
  ['a=x', 'a=y'],
  ['a.b=1', 'a.c=2'],
  ['a.b=1', 'a=2'],
  ['tolerations[0].key=k,tolerations[0].value=v'],
  ['m.nginx\\.ingress\\.kubernetes\\.io/proxy-body-size=50m'],
  ['a=1,b.c={p,q},d[0]=z'],
];

describe('parseSetArgs agrees with helm', () => {
  test.each(CASES.map((c) => [c.join(' --set '), c] as [string, string[]]))('--set %s', (_name, sets) => {
    const expected = helmParses(sets);
    expect(expected).not.toHaveProperty('error');
    expect(parseSetArgs(sets)).toEqual(expected);
  });

  test.each([[['a']], [['a.b']], [['a[x]=1']], [['a=1,b']], [['a={{ .Release.Name }}']], [['a=2', 'a.b=1']], [['a=2', 'a[0]=1']]])('--set %j is refused by both', (sets) => {
    expect(helmParses(sets)).toHaveProperty('error');
    expect(() => parseSetArgs(sets)).toThrow(/--set .*: .*expected path=value/);
  });
});
