import { errorsOf, Finding, ValidationReport } from '../validate';

const line = (f: Finding) => `${f.severity} [${f.rule}] ${f.object} (${f.source})${f.path ? ` at ${f.path}` : ''}: ${f.message}\n    fix: ${f.fix}`;

/** For people: one block per finding (rule, object, file, field path, problem, fix), waivers, then a summary line. */
export function formatText(report: ValidationReport): string {
  const out: string[] = [];
  for (const f of report.findings) out.push(line(f));
  for (const w of report.waived) out.push(`waived [${w.rule}] ${w.object} (${w.source})${w.path ? ` at ${w.path}` : ''}: ${w.message}\n    reason: ${w.reason}`);
  for (const s of report.skipped) out.push(`skipped ${s}`);
  const errors = errorsOf(report).length;
  const warnings = report.findings.length - errors;
  out.push(`${report.objects} objects checked: ${errors} error(s), ${warnings} warning(s), ${report.waived.length} waived`);
  return `${out.join('\n')}\n`;
}
