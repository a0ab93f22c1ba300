import { readFileSync, statSync } from 'node:fs';

/** Larger files are refused: a policy or a certificate is kilobytes, and the value lands in a ConfigMap (at most 1 MiB). */
export const MAX_TEXT_FILE_VALUE_BYTES = 512 * 1024;

/**
 * Reads a file whose text becomes a value (`--set-file`, a config file's `!file` tag), as
 * Helm's `--set-file` does: the whole file, unchanged. Returns what was wrong instead of
 * throwing, so each caller names the file, the value path and the way it was given.
 */
export function readTextFileValue(file: string): { readonly text: string } | { readonly found: string } {
  try {
    const size = statSync(file).size;
    if (size > MAX_TEXT_FILE_VALUE_BYTES) return { found: `${size} bytes (at most ${MAX_TEXT_FILE_VALUE_BYTES})` };
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file)) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { found: 'no such file' };
    if (code === 'EACCES') return { found: 'a file that cannot be read (permission denied)' };
    if (code === 'EISDIR') return { found: 'a directory' };
    if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return { found: 'bytes that are not UTF-8 text' };
    return { found: (e as Error).message };
  }
}
