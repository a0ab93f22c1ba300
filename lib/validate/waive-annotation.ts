/** The annotation that waives rules on the object carrying it: `"<rule-id>=<reason>; <rule-id>=<reason>"` (see waivers.ts); apart so the CLI's help names it without loading the rules. */
export const WAIVE_ANNOTATION = 'kubesynth.io/waive';
