import { describeObject, NamedSet } from './manifest';
import { peersOf } from './peer-checks';
import { RULES, WAIVER_RULE } from './registry';
import { ManifestSet, Severity } from './rule';
import { DEFAULT_SETTINGS, RuleLevel, ValidateSettings } from './settings';
import { WAIVE_ANNOTATION, waiversOf } from './waivers';
import { PhaseObserver, UNOBSERVED } from '../progress/phase-observer';

/** One reported violation, self-contained for every output format. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  /** `Deployment cortex-core/cortex-core-api` */
  readonly object: string;
  /** File (and document) the object came from. */
  readonly source: string;
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

export interface WaivedFinding extends Finding {
  readonly reason: string;
}

/** A rule as this run applied it: its effective severity (after the settings file) and its peer checks. */
export interface AppliedRule {
  readonly id: string;
  readonly severity: RuleLevel;
  /** `kube-score container-image-tag`, `trivy KSV-0013`... */
  readonly peers: readonly string[];
}

export interface ValidationReport {
  readonly objects: number;
  /** Every rule, with the severity it ran at (or `off`), in rule order. */
  readonly rules: readonly AppliedRule[];
  /** Findings not waived, errors and warnings, in rule order then input order. */
  readonly findings: readonly Finding[];
  readonly waived: readonly WaivedFinding[];
  /** Inputs passed over, with why (a Helm chart folder, a kustomization.yaml...). */
  readonly skipped: readonly string[];
}

export const errorsOf = (r: Pick<ValidationReport, 'findings'>): Finding[] => r.findings.filter((f) => f.severity === 'error');

/** The findings that fail a run at `failOn`: errors only, or warnings too. */
export const failuresOf = (r: ValidationReport, failOn: Severity): Finding[] => (failOn === 'warning' ? [...r.findings] : errorsOf(r));

/** Every rule with the severity `settings` give it. */
export function appliedRules(settings: ValidateSettings = DEFAULT_SETTINGS): AppliedRule[] {
  return [...RULES, WAIVER_RULE].map((r) => ({ id: r.id, severity: settings.severity.get(r.id) ?? r.severity, peers: peersOf(r.id) }));
}

/** Runs every rule on each set and applies waivers; `observer` is told of each set (the CLI's progress line and `--timings`). */
export function validateSets(sets: readonly NamedSet[], skipped: readonly string[] = [], settings: ValidateSettings = DEFAULT_SETTINGS, observer: PhaseObserver = UNOBSERVED): ValidationReport {
  const rules = appliedRules(settings);
  const level = new Map(rules.map((r) => [r.id, r.severity]));
  const findings: Finding[] = [];
  const waived: WaivedFinding[] = [];
  for (const named of sets) {
    observer.phase('validate', `${named.name}, ${named.manifests.length} objects`, () => {
      const set = new ManifestSet(named.manifests);
      const waivers = new Map(named.manifests.map((m) => [m, waiversOf(m)]));
      for (const rule of RULES) {
        const severity = level.get(rule.id) ?? rule.severity;
        if (severity === 'off') continue;
        for (const v of rule.check(set)) {
          const finding: Finding = { rule: rule.id, severity, object: describeObject(v.manifest.object), source: v.manifest.source, path: v.path, message: v.message, fix: rule.fix };
          const reason = waivers.get(v.manifest)?.reasons.get(rule.id);
          if (reason !== undefined) waived.push({ ...finding, reason });
          else findings.push(finding);
        }
      }
      for (const [m, w] of waivers) {
        for (const problem of w.problems) {
          findings.push({ rule: WAIVER_RULE.id, severity: 'error', object: describeObject(m.object), source: m.source, path: `metadata.annotations[${WAIVE_ANNOTATION}]`, message: problem, fix: WAIVER_RULE.fix });
        }
      }
    });
  }
  return { objects: sets.reduce((n, s) => n + s.manifests.length, 0), rules, findings, waived, skipped };
}

/** Thrown by synth when what it is about to write breaks a rule: nothing is written. */
export class ValidationFailed extends Error {
  constructor(public readonly report: ValidationReport) {
    super(`${errorsOf(report).length} validation error(s) in what synth would write`);
    this.name = 'ValidationFailed';
  }
}
