import { gzipSync } from 'node:zlib';

/**
 * Every entry's modification time: fixed, so the archive depends only on the chart's content.
 * 2000-01-01T00:00:00Z rather than 0, because some tools treat a zero mtime as "unknown".
 */
export const ARCHIVE_MTIME = Date.UTC(2000, 0, 1) / 1000;

const BLOCK = 512;

/**
 * A `helm package`-compatible `.tgz` that is byte-deterministic: one top-level folder named
 * after the chart, entries sorted by path, mode 0644, uid/gid 0, no user names, fixed mtime,
 * and a gzip header without timestamp. A ~50-line ustar writer is used instead of the `tar`
 * package because `tar` packs from disk, which would bring filesystem mtimes and ordering
 * back in; in memory there is nothing to pin down.
 */
export function packChart(chartName: string, files: ReadonlyMap<string, string | Buffer>): Buffer {
  const paths = [...files.keys()].sort();
  const blocks: Buffer[] = [];
  for (const path of paths) {
    const content = Buffer.from(files.get(path)!);
    blocks.push(header(`${chartName}/${path}`, content.length));
    blocks.push(content, Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK));
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  // Node writes gzip headers with mtime 0 and no file name, so equal input gives equal bytes.
  return gzipSync(Buffer.concat(blocks));
}

function header(path: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const [prefix, name] = splitPath(path);
  h.write(name, 0, 100, 'utf8');
  octal(h, 100, 8, 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, ARCHIVE_MTIME);
  h.fill(' ', 148, 156); // checksum field counts as spaces while summing
  h.write('0', 156, 1, 'ascii'); // regular file
  h.write('ustar\u000000', 257, 8, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  octal(h, 148, 7, sum);
  h[155] = 0x20;
  return h;
}

/** ustar keeps up to 100 bytes of name and 155 of prefix, split at a slash. */
function splitPath(path: string): [string, string] {
  if (Buffer.byteLength(path) <= 100) return ['', path];
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return [prefix, name];
  }
  throw new Error(`Path too long for a chart archive: ${path}`);
}

function octal(h: Buffer, offset: number, length: number, value: number): void {
  h.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}
