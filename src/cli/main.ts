/**
 * The command line: thin wrappers over the pipeline. Exit codes: 0 ok, 1 a user's mistake (bad spec, input,
 * config) or a failed request, 2 merge conflicts left in the output, 70 an internal error (a bug).
 */
import { Command, CommanderError, Option } from 'commander';
import { UserError } from '../diagnostics.js';
import { generate, planSpec, update, type GenerateResult } from './generate.js';
import { formatDiagnostics } from './report.js';
import { generatorVersion } from './version.js';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};

export const EXIT_USER = 1;
export const EXIT_CONFLICT = 2;
export const EXIT_INTERNAL = 70;

function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

function printReport(io: Io, result: GenerateResult, outDir: string, dryRun: boolean): number {
  const warnings = result.diagnostics.filter((d) => d.severity !== 'info');
  if (warnings.length) io.err(formatDiagnostics(warnings));
  if (result.upToDate) {
    io.out(`${outDir} is up to date: spec, options and generator unchanged; nothing written.`);
    return 0;
  }
  const report = result.report!;
  const changed = report.files.filter((f) => f.outcome !== 'unchanged');
  // One write for all the lines: GitHub's first generation lists 1,318 files, a system call each before.
  if (changed.length > 0) io.out(changed.map((f) => `${f.outcome.padEnd(12)} ${f.path}${f.detail ? `  (${f.detail})` : ''}`).join('\n'));
  const counts = result.summary;
  const summary = counts ? `${counts.actions} actions, ${counts.triggers} triggers` : '';
  if (dryRun) io.out(`dry run: ${changed.length} file(s) would change in ${outDir}; nothing written.`);
  else if (changed.length === 0) io.out(`${outDir}: no file changed (${summary}).`);
  else io.out(`${outDir}: ${changed.length} file(s) changed (${summary}).`);
  if (report.conflicts.length) {
    io.err(`${report.conflicts.length} file(s) have merge conflicts; resolve the <<<<<<< markers, then run again:\n${report.conflicts.map((c) => `  ${c}`).join('\n')}`);
    return EXIT_CONFLICT;
  }
  return 0;
}

// Commands load their stages on demand (`await import`): a no-op `generate` must not pay for the TypeScript
// compiler, Prettier and the spec parser before the lock says there is nothing to do (issue 7).
export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('connector-gen')
    .description('Generate a working custom connector (connection, actions, triggers, schemas) from an OpenAPI document.')
    .version(generatorVersion)
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();

  const specOptions = (c: Command): Command =>
    c
      .option('-c, --config <file>', 'overrides: connector-gen.config.json or .yaml')
      .option('--allow-remote-refs', 'allow http(s) $refs (off by default: a spec is untrusted input)')
      .option('--allowed-hosts <hosts>', 'with --allow-remote-refs: the hosts remote $refs may name (comma-separated)', list);

  specOptions(
    program
      .command('generate')
      .description('generate a connector package from a spec; regenerating merges your edits')
      .argument('<spec>', 'OpenAPI document (Swagger 2.0, OpenAPI 3.0 or 3.1; JSON or YAML)')
      .requiredOption('-o, --out <dir>', 'output folder')
      .addOption(new Option('-t, --target <target>', 'what to generate').choices(['typescript', 'workato']).default('typescript'))
      .option('--dry-run', 'print what would happen to each file; write nothing')
      .option('--force', 'regenerate even if nothing changed or conflict markers remain'),
  ).action(async (spec: string, o: { out: string; target: 'typescript' | 'workato'; dryRun?: boolean; force?: boolean; config?: string; allowRemoteRefs?: boolean; allowedHosts?: string[] }) => {
    const result = await generate(spec, o.out, o);
    setExit(printReport(io, result, o.out, !!o.dryRun));
  });

  program
    .command('update')
    .description('regenerate a package with the spec and options recorded in its lock')
    .argument('<dir>', 'a folder connector-gen generated')
    .option('--dry-run', 'print what would happen to each file; write nothing')
    .option('--force', 'regenerate even if nothing changed or conflict markers remain')
    .action(async (dir: string, o: { dryRun?: boolean; force?: boolean }) => {
      setExit(printReport(io, await update(dir, o), dir, !!o.dryRun));
    });

  specOptions(
    program
      .command('plan')
      .description('print what would be generated, and why')
      .argument('<spec>', 'OpenAPI document')
      .option('--json', 'print the plan as JSON (the contract in README.md)'),
  ).action(async (spec: string, o: { json?: boolean; config?: string; allowRemoteRefs?: boolean; allowedHosts?: string[] }) => {
    const { plan } = await planSpec(spec, o);
    if (o.json) {
      io.out(JSON.stringify(plan, null, 2));
      return;
    }
    const { formatPlan } = await import('./format-plan.js');
    io.out(formatPlan(plan));
  });

  specOptions(
    program
      .command('explain')
      .description('tell why an operation became what it became, and what would change it')
      .argument('<spec>', 'OpenAPI document')
      .argument('<operation>', 'an operationId or "METHOD /path"')
      .option('--json', 'print as JSON'),
  ).action(async (spec: string, selector: string, o: { json?: boolean; config?: string; allowRemoteRefs?: boolean; allowedHosts?: string[] }) => {
    const { api, plan } = await planSpec(spec, o);
    const { explainOperation } = await import('../plan/index.js');
    const explanation = explainOperation(plan, api, selector);
    if (o.json) io.out(JSON.stringify(explanation, null, 2));
    else {
      const { formatExplanation } = await import('./format-plan.js');
      io.out(formatExplanation(explanation));
    }
  });

  program
    .command('exec')
    .description('run test, actions.<key> or triggers.<key> of a generated package against the real API')
    .argument('<dir>', 'a generated package')
    .argument('<target>', 'test | actions.<key> | triggers.<key>')
    .option('--connection <file>', 'connection settings (JSON or YAML): field values, optional baseUrl, OAuth2 tokens')
    .option('--input <file>', 'input (JSON or YAML)')
    .option('--closure <file>', 'polling triggers: the closure the previous poll returned')
    .option('--webhook-payload <file>', 'webhook triggers: a notification payload to turn into events')
    .option('--webhook-headers <file>', 'webhook triggers: the notification headers')
    .option('--subscribe <url>', 'webhook triggers: subscribe this webhook URL')
    .option('--unsubscribe <file>', 'webhook triggers: unsubscribe what --subscribe returned (saved in this file)')
    .option('--timeout <ms>', 'request timeout in milliseconds', (v) => Number.parseInt(v, 10))
    .option('--verbose', 'log each request (secrets redacted) to stderr')
    .action(async (dir: string, target: string, o: { connection?: string; input?: string; closure?: string; webhookPayload?: string; webhookHeaders?: string; subscribe?: string; unsubscribe?: string; timeout?: number; verbose?: boolean }) => {
      const { exec } = await import('../exec/run.js');
      const output = await exec(dir, target, { ...o, timeoutMs: o.timeout, log: (l) => io.err(l) });
      io.out(JSON.stringify(output ?? null, null, 2));
    });

  program
    .command('oauth2')
    .description('run the OAuth2 authorization-code flow and save the tokens in the connection settings file')
    .argument('<dir>', 'a generated package')
    .requiredOption('--connection <file>', 'connection settings (client_id, client_secret) to complete with the tokens')
    .option('--port <port>', 'loopback port for the redirect', (v) => Number.parseInt(v, 10), 8765)
    .option('--auth <key>', 'which OAuth2 auth, when the connector has several')
    .option('--timeout <seconds>', 'how long to wait for the authorization', (v) => Number.parseInt(v, 10), 300)
    .action(async (dir: string, o: { connection: string; port: number; auth?: string; timeout: number }) => {
      const { runOAuth2 } = await import('./oauth2.js');
      await runOAuth2(dir, { connection: o.connection, port: o.port, auth: o.auth, timeoutMs: o.timeout * 1000, print: io.out });
    });

  return program;
}

/** Runs the CLI; returns the exit code (never throws, never prints a stack trace for a user's mistake). */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USER;
    if (e instanceof UserError) {
      // A lone diagnostic usually says what the message says, with its location: print it once.
      const repeats = e.diagnostics.length === 1 && e.message.includes(e.diagnostics[0].message);
      if (repeats) io.err(`error: ${formatDiagnostics(e.diagnostics)}`);
      else {
        io.err(`error: ${e.message}`);
        if (e.diagnostics.length) io.err(formatDiagnostics(e.diagnostics));
      }
      return EXIT_USER;
    }
    if (isHttpError(e)) {
      io.err(`error: ${e.message}`);
      return EXIT_USER;
    }
    const err = e as Error;
    io.err(`internal error: ${err?.message ?? String(e)}\nThis is a bug in connector-gen ${generatorVersion}; please report it with the spec that caused it.`);
    if (process.env.CONNECTOR_GEN_DEBUG) io.err(err?.stack ?? '');
    return EXIT_INTERNAL;
  }
}

/** HTTP errors come from the package's own runtime copy, so they are recognized by shape, not class. */
function isHttpError(e: unknown): e is Error & { status: number } {
  return e instanceof Error && e.name === 'ConnectorHttpError' && typeof (e as { status?: unknown }).status === 'number';
}
