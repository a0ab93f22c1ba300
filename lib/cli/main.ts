#!/usr/bin/env node
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { platforms } from '../../charts';
import { ConfigError } from '../config/config-error';
import { parseSetArgs } from '../config/set-values';
import { readValuesFile, ValuesSource } from '../config/values-source';
import { projectRoot } from './project-root';
import { DEFAULT_CHART_VERSION, OutputFormat, selectTargets, synthesize } from '../synth/synthesize';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `-f` files in order, then all `--set`s, which Helm applies last whatever the order on the command line. */
function overridesFrom(files: readonly string[], sets: readonly string[]): ValuesSource[] {
  const sources = files.map(readValuesFile);
  if (sets.length) sources.push({ name: `--set ${sets.join(' --set ')}`, values: parseSetArgs(sets) });
  return sources;
}

const root = projectRoot();

function buildProgram(): Command {
  // exitOverride before the subcommands exist, so they inherit it: errors and --help return to main().
  const program = new Command('kubesynth')
    .exitOverride()
    .description('Synthesize AI-agent platforms to plain Kubernetes YAML for Argo CD and Flux, and to Helm charts.')
    .option('--debug', 'print stack traces for errors')
    .showHelpAfterError()
    .addHelpText('after', `
Examples:
  $ kubesynth synth                              every platform, every environment, into dist/
  $ kubesynth synth --platform cortex-core --env prod
  $ kubesynth list`);

  program.command('synth')
    .description('Write plain YAML (one file per object plus kustomization.yaml) to <out>/<platform>/<env>/ and a Helm chart per platform to <out>/helm/<platform>/ and <out>/helm/<platform>-<version>.tgz. All or nothing: on any error the output folder is left as it was.')
    .addOption(new Option('-p, --platform <name>', 'only this platform').choices(platforms.map((p) => p.name)))
    .option('-e, --env <name>', 'only this environment (a config/<platform>/<env>.yaml)')
    .option('-o, --out <dir>', 'output folder', resolve(root, 'dist'))
    .option('-c, --config <dir>', 'folder of <platform>/<env>.yaml values files', resolve(root, 'config'))
    .addOption(new Option('--format <format>', 'plain YAML, Helm charts, or both').choices(['plain', 'helm', 'all']).default('all'))
    .option('--chart-version <semver>', 'version of the Helm charts', DEFAULT_CHART_VERSION)
    .option('-f, --values <file>', 'extra values file applied after the env file, as `helm -f` (repeatable)', collect, [])
    .option('--set <path=value>', 'set a value, as `helm --set` (repeatable; applied last)', collect, [])
    .addHelpText('after', `
Examples:
  $ kubesynth synth
  $ kubesynth synth --platform cortex-core
  $ kubesynth synth -p cortex-core -e dev --out /tmp/preview
  $ kubesynth synth -p cortex-core -e prod --format plain --set api.image.tag=1.4.2 --out /tmp/preview
      previews in plain YAML what \`helm upgrade cortex-core dist/helm/cortex-core -f config/cortex-core/prod.yaml --set api.image.tag=1.4.2\` deploys`)
    .action((opts: { platform?: string; env?: string; out: string; config: string; format: OutputFormat; chartVersion: string; values: string[]; set: string[] }) => {
      const report = synthesize({
        platforms,
        configDir: opts.config,
        outDir: opts.out,
        platform: opts.platform,
        env: opts.env,
        format: opts.format,
        chartVersion: opts.chartVersion,
        overrides: overridesFrom(opts.values, opts.set),
      });
      for (const w of report.written) console.log(`${w.platform}/${w.env}: ${w.objects} objects`);
      for (const c of report.charts) console.log(`${c.platform}: chart ${c.folder}/, ${c.archive}`);
      console.log(`wrote ${resolve(opts.out)}`);
    });

  program.command('list')
    .description('List the platforms, their environments and components.')
    .option('-c, --config <dir>', 'folder of <platform>/<env>.yaml values files', resolve(root, 'config'))
    .addHelpText('after', `
Example:
  $ kubesynth list`)
    .action((opts: { config: string }) => {
      for (const { def, envs } of selectTargets({ platforms, configDir: opts.config })) {
        console.log(`${def.name}: ${def.description}`);
        console.log(`  environments: ${envs.join(', ') || '(none: add config/<platform>/<env>.yaml)'}`);
        console.log(`  components:   ${def.components(def.defaults).join(', ')}`);
      }
    });
  return program;
}

export function main(argv: readonly string[]): number {
  const program = buildProgram();
  try {
    program.parse([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    const err = e as Error & { code?: string; exitCode?: number };
    if (err.code?.startsWith('commander.')) return err.exitCode ?? 1;
    if (e instanceof ConfigError) {
      console.error(`error: invalid configuration\n${e.message.split('\n').map((l) => `  ${l}`).join('\n')}`);
    } else {
      console.error(`error: ${err.message}`);
    }
    if (program.opts().debug) console.error(err.stack);
    console.error('nothing was written.');
    return 1;
  }
}

if (require.main === module) {
  // `kubesynth --help | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = main(process.argv.slice(2));
}
