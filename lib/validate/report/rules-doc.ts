import { PEER_CHECKS, PeerName } from '../peer-checks';
import { RULES, WAIVER_RULE } from '../registry';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const PEERS: ReadonlyArray<[PeerName, string]> = [
  ['kube-score', 'kube-score 1.20.0 (`kube-score list`; "optional" checks need `--enable-optional-test`)'],
  ['kube-linter', 'kube-linter (default set, and the rest with `--add-all-built-in`)'],
  ['polaris', 'Polaris (default `config.yaml`)'],
  ['trivy', 'trivy Kubernetes misconfiguration checks (KSV; `trivy config`)'],
];

/**
 * docs/validate-rules.md, written from the rule registry and PEER_CHECKS so the table cannot
 * drift from the code (test/validate-rules-doc.test.ts compares them).
 */
export function formatRulesDoc(): string {
  const rules = new Map([...RULES, WAIVER_RULE].map((r) => [r.id, r]));
  const out: string[] = [
    '# `kubesynth validate` rules and the peer linters',
    '',
    '<!-- Written by formatRulesDoc() in lib/validate/report/rules-doc.ts from lib/validate/peer-checks.ts; do not edit by hand. -->',
    '',
    'Every check of kube-score, kube-linter, Polaris and trivy\'s Kubernetes checks, with the',
    '`kubesynth validate` rule that covers it, or why none does. Severities are the defaults; a',
    'project changes them in `.kubesynth-validate.yaml` (`rules: {<rule-id>: error|warning|off}`),',
    'and `--fail-on warning` makes warnings fail the run. test/peers/differential.test.ts holds the',
    'table to kube-score and trivy on hundreds of one-defect mutants.',
    '',
    '## Our rules',
    '',
    '| rule | severity | checks | fix | peer checks |',
    '| --- | --- | --- | --- | --- |',
    ...[...rules.values()].map((r) => {
      const peers = PEER_CHECKS.filter((p) => p.rules.includes(r.id)).map((p) => `${p.peer} \`${p.check}\``);
      return `| \`${r.id}\` | ${r.severity} | ${cell(r.checks)} | ${cell(r.fix)} | ${peers.join(', ') || 'none (our own)'} |`;
    }),
  ];
  for (const [peer, title] of PEERS) {
    out.push('', `## ${title}`, '', '| peer check | on by default | our rule | severity | fix / why not |', '| --- | --- | --- | --- | --- |');
    for (const p of PEER_CHECKS.filter((c) => c.peer === peer).sort((a, b) => a.check.localeCompare(b.check))) {
      const ours = p.rules.map((id) => rules.get(id)!);
      const what = ours.length ? `${p.note ? `${p.note} ` : ''}${ours.map((r) => r.fix).filter((f, i, all) => all.indexOf(f) === i).join(' ')}` : `**Not covered:** ${p.note}`;
      out.push(`| \`${p.check}\` | ${p.byDefault ? 'yes' : 'no'} | ${ours.map((r) => `\`${r.id}\``).join(', ') || '-'} | ${[...new Set(ours.map((r) => r.severity))].join(', ') || '-'} | ${cell(what)} |`);
    }
  }
  return `${out.join('\n')}\n`;
}
