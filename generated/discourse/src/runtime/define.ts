import type { ActionDefinition, Connector, PollTriggerDefinition, WebhookTriggerDefinition } from './types.js';

// Identity functions: they give generated files one readable shape and let TypeScript check each definition.

export function defineConnector(c: Connector): Connector {
  return c;
}

export function defineAction<I, O>(a: ActionDefinition<I, O>): ActionDefinition<I, O> {
  return a;
}

export function definePollTrigger<I, E, C>(t: PollTriggerDefinition<I, E, C>): PollTriggerDefinition<I, E, C> {
  return t;
}

export function defineWebhookTrigger<I, E, S>(t: WebhookTriggerDefinition<I, E, S>): WebhookTriggerDefinition<I, E, S> {
  return t;
}
