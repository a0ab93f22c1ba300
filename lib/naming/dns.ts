import { Type } from '@sinclair/typebox';
/**
 * DNS-1123 rules Kubernetes applies to object names. Kept as patterns (not ajv formats) so the
 * same rule works in the JSON Schema that Helm's validator reads.
 */
export const DNS1123_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$';
/** Pair with `maxLength: 253`: Helm's schema validator uses Go regexps, which have no lookahead. */
export const DNS1123_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

export const DNS1123_LABEL_DESCRIPTION =
  "a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";
export const DNS1123_SUBDOMAIN_DESCRIPTION =
  "a DNS-1123 subdomain: dot-separated DNS-1123 labels, at most 253 characters";

const labelRe = new RegExp(DNS1123_LABEL_PATTERN);

export function isDns1123Label(value: string): boolean {
  return labelRe.test(value);
}

/** Throws with a message that says what to change when `value` cannot be a Kubernetes name. */
export function assertDns1123Label(value: string, what: string): void {
  if (!isDns1123Label(value)) {
    throw new Error(`${what} "${value}" is not ${DNS1123_LABEL_DESCRIPTION}.`);
  }
}

/** A JSON Schema string property that must be a DNS-1123 label (a namespace, a name). */
export const dnsLabelSchema = (description: string) => Type.String({ pattern: DNS1123_LABEL_PATTERN, description });
