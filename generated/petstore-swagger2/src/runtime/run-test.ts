import type { Connector, Context } from './types.js';

/** Runs the connector's test request (proves the connection works); null when the connector has none. */
export async function runTest(connector: Connector, ctx: Context): Promise<unknown> {
  if (connector.test === null) return null;
  return ctx.request(connector.test.request, {});
}
