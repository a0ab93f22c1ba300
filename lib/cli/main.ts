#!/usr/bin/env node
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { platforms } from '../../charts';
import { ConfigError } from '../config/config-error';
import { loadPlatformValues } from '../config/platform-values';
import { selectTargets, synthesize } from '../synth/synthesize';

/** Where the project's own folders are, so the CLI works from any working directory. */
const projectRoot = resolve(__dirname, '..', '..', '..');

function buildProgram(): Command {
  const program = new Command('kubesynth')
    .description('Synthesize AI-agent platforms to Kubernetes YAML for Argo CD and Flux.')
    .option('--debug', 'print stack traces for errors')
    .showHelpAfterError()
    .addHelpText('after', `
Examples:
  $ kubesynth synth                              every platform, every environment, into dist/
  $ kubesynth synth --platform cortex-core --env prod
  $ kubesynth list`);

  program.command('synth')
    .description('Write plain YAML (one file per object plus kustomization.yaml) to <out>/<platform>/<env>/. All or nothing: on any error the output folder is left as it was.')
    .addOption(new Option('-p, --platform <name>', 'only this platform').choices(platforms.map((p) => p.name)))
    .option('-e, --env <name>', 'only this environment (a config/<platform>/<env>.yaml)')
    .option('-o, --out <dir>', 'output folder', resolve(projectRoot, 'dist'))
    .option('-c, --config <dir>', 'folder of <platform>/<env>.yaml values files', resolve(projectRoot, 'config'))
    .addHelpText('after', `
Examples:
  $ kubesynth synth
  $ kubesynth synth --platform cortex-core
  $ kubesynth synth -p cortex-core -e dev --out /tmp/preview`)
    .action((opts: { platform?: string; env?: string; out: string; config: string }) => {
      const report = synthesize({ platforms, configDir: opts.config, outDir: opts.out, platform: opts.platform, env: opts.env });
      for (const w of report.written) console.log(`${w.platform}/${w.env}: ${w.objects} objects`);
      console.log(`wrote ${resolve(opts.out)}`);
    });

  program.command('list')
    .description('List the platforms, their environments and components.')
    .option('-c, --config <dir>', 'folder of <platform>/<env>.yaml values files', resolve(projectRoot, 'config'))
    .addHelpText('after', `
Example:
  $ kubesynth list`)
    .action((opts: { config: string }) => {
      for (const { def, envs } of selectTargets({ platforms, configDir: opts.config })) {
        console.log(`${def.name}: ${def.description}`);
        console.log(`  environments: ${envs.join(', ')}`);
        const components = def.components(loadPlatformValues(def, opts.config, envs[0]));
        console.log(`  components:   ${components.join(', ')}`);
      }
    });
  return program;
}

export function main(argv: readonly string[]): number {
  const program = buildProgram().exitOverride();
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
  process.exitCode = main(process.argv.slice(2));
}
