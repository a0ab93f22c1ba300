#!/usr/bin/env node
// KUBECTL_EXTERNAL_DIFF for `kubectl diff`: compares the live and merged objects with what
// controllers write on their own left out (status, resourceVersion, managedFields), so only a
// change our apply would make shows. `generation` stays in: the API server bumps it exactly
// when an apply changes the spec, which is the drift this looks for. Exit 1 when they differ.
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { parse } = require('yaml');

const [live, merged] = process.argv.slice(2);
const clean = (text) => {
  const o = parse(text) ?? {};
  delete o.status;
  if (o.metadata) {
    delete o.metadata.resourceVersion;
    delete o.metadata.managedFields;
  }
  return JSON.stringify(o, null, 1);
};
let differs = false;
for (const f of new Set([...readdirSync(live), ...readdirSync(merged)])) {
  const a = existsSync(join(live, f)) ? clean(readFileSync(join(live, f), 'utf8')) : '(absent)';
  const b = existsSync(join(merged, f)) ? clean(readFileSync(join(merged, f), 'utf8')) : '(absent)';
  if (a !== b) {
    differs = true;
    process.stdout.write(`${f} would change:\n--- live\n${a}\n+++ after apply\n${b}\n`);
  }
}
process.exit(differs ? 1 : 0);
