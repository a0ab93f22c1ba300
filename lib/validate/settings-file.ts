/** `.kubesynth-validate.yaml`, read from the working folder when present (see settings.ts); apart so the CLI's help names it without loading the reader. */
export const SETTINGS_FILE = '.kubesynth-validate.yaml';
