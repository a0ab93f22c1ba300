import type { ValueRule } from '../values/value-rule';
import { refuseRule } from '../values/value-rule';
import type { ValuesPath } from '../templating/values-binding';
import { regoPackageOf } from './opa-server';

/** The chart's test for a package line (Go RE2), as loose as OPA's parser needs: `package` then a name. */
const HELM_PACKAGE_LINE = '(?m)^[[:space:]]*package[[:space:]]+[A-Za-z_]';

/** How many characters of a refused policy the message quotes, enough to recognise a bare `!file` path. */
const QUOTED = 40;

/**
 * The refusals of an OPA policy given as a value (e.g. `opa.policy.rego`), for a platform's
 * `rules`: an empty policy (OPA would answer every query "undefined") and a text without a
 * `package` line (OPA refuses it and never starts; under `helm -f` it is what a config file's
 * `!file` tag leaves: the bare path). `howToSet` says how to give the policy. The CLI and the
 * chart say the same words.
 */
export function opaPolicyRules(path: ValuesPath<string>, howToSet: string): ValueRule[] {
  return [
    refuseRule({
      path,
      refused: (rego) => !String(rego ?? '').trim(),
      goCondition: (rego) => `not (trim (toString ${rego}))`,
      expected: howToSet,
      found: 'nothing (OPA would have no policy: with fail-closed on, every request is denied)',
      missing: true,
    }),
    refuseRule({
      path,
      refused: (rego) => !!String(rego ?? '').trim() && !regoPackageOf(String(rego)),
      goCondition: (rego) => `and (trim (toString ${rego})) (not (regexMatch ${JSON.stringify(HELM_PACKAGE_LINE)} (toString ${rego})))`,
      expected: `a Rego policy with a package line (e.g. "package somabrain.authz"), which OPA requires: ${howToSet}`,
      found: {
        text: (rego) => `text with no package line (starting ${JSON.stringify(String(rego).trim().slice(0, QUOTED))})`,
        go: (rego) => `(printf "text with no package line (starting %q)" (trunc ${QUOTED} (trim (toString ${rego}))))`,
      },
    }),
  ];
}
