import { errorsOf, ValidationReport } from '../validate';

/** For machines: the whole report, with counts, as one JSON document. */
export function formatJson(report: ValidationReport): string {
  const errors = errorsOf(report).length;
  return `${JSON.stringify({
    objects: report.objects,
    rules: report.rules,
    errors,
    warnings: report.findings.length - errors,
    findings: report.findings,
    waived: report.waived,
    skipped: report.skipped,
  }, null, 2)}\n`;
}
