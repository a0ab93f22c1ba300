/** Child process of the benchmark: synthesizes the generated platform of N services, plain YAML and chart, into OUT. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../lib/synth/synthesize';
import { scalePlatform } from './scale-platform';

const [services, out] = [Number(process.argv[2]), process.argv[3]];
const platform = scalePlatform(services);
const config = mkdtempSync(join(tmpdir(), 'kubesynth-bench-config-'));
mkdirSync(join(config, platform.name));
writeFileSync(join(config, platform.name, 'bench.yaml'), '{}\n');
// The chart worker makes the same platform from the same function (see BackgroundCharts).
const platformModule = { module: require.resolve('./scale-platform'), exportName: 'scalePlatform', args: [services] };
const report = synthesize({ platforms: [platform], platformModule, configDir: config, outDir: out, format: 'all' });
process.stdout.write(`${report.written[0].objects} objects\n`);
