import { RULES, WAIVER_RULE } from '../registry';
import { errorsOf, ValidationReport } from '../validate';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * For CI dashboards (JUnit XML, as GitLab, Jenkins and GitHub test reporters read it): one
 * testsuite per rule and one testcase per finding; errors are <failure>s, warnings and waived
 * findings pass with their text in <system-out>. A rule with no finding is one passing testcase,
 * so dashboards show what was checked.
 */
export function formatJunit(report: ValidationReport): string {
  const suites: string[] = [];
  for (const rule of [...RULES, WAIVER_RULE]) {
    const applied = report.rules.find((r) => r.id === rule.id);
    const properties = `    <properties><property name="severity" value="${applied?.severity ?? rule.severity}"/><property name="peers" value="${escape((applied?.peers ?? []).join(', '))}"/></properties>`;
    const findings = report.findings.filter((f) => f.rule === rule.id);
    const waived = report.waived.filter((f) => f.rule === rule.id);
    const cases: string[] = [];
    for (const f of findings) {
      const name = escape(`${f.object}${f.path ? ` ${f.path}` : ''}`);
      const text = escape(`${f.source}: ${f.message}\nfix: ${f.fix}`);
      cases.push(f.severity === 'error'
        ? `    <testcase classname="${rule.id}" name="${name}"><failure message="${escape(f.message)}" type="${rule.id}">${text}</failure></testcase>`
        : `    <testcase classname="${rule.id}" name="${name}"><system-out>warning: ${text}</system-out></testcase>`);
    }
    for (const w of waived) cases.push(`    <testcase classname="${rule.id}" name="${escape(`${w.object} ${w.path}`)}"><system-out>${escape(`waived: ${w.message}\nreason: ${w.reason}`)}</system-out></testcase>`);
    if (!cases.length) cases.push(`    <testcase classname="${rule.id}" name="no findings"/>`);
    const failures = findings.filter((f) => f.severity === 'error').length;
    suites.push(`  <testsuite name="${rule.id}" tests="${cases.length}" failures="${failures}" errors="0">\n${properties}\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kubesynth validate" failures="${errorsOf(report).length}">\n${suites.join('\n')}\n</testsuites>\n`;
}
