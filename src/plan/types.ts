/**
 * The plan: the connector model, as plain serializable data. `connector-gen plan --json` prints it
 * (the contract in README.md), the emitters read only this, never the spec or the IR.
 *
 * Every decision carries `reasons`: short sentences a connector author can read.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { HttpMethod, ParameterLocation, ParameterStyle } from '../ir/types.js';

/** JSON Schema (2020-12 subset) as the connector's user sees input and output. Refs: `#/objectDefinitions/<key>`. */
export type JsonSchema = { readonly [key: string]: unknown };

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'date_time' | 'object' | 'array';

export type ControlType =
  | 'text'
  | 'text-area'
  | 'plain-text'
  | 'password'
  | 'email'
  | 'url'
  | 'phone'
  | 'integer'
  | 'number'
  | 'checkbox'
  | 'select'
  | 'multiselect'
  | 'date'
  | 'date_time'
  | 'key_value'
  | 'schema-designer';

/** A field in the style of connector platforms (Workato's schema fields). */
export interface PlanField {
  /** Key in the action's input/output object: a valid identifier-like snake_case name, unique among siblings. */
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly control_type?: ControlType;
  readonly optional: boolean;
  readonly hint?: string;
  /** Key of a `PlanPickList`. */
  readonly pick_list?: string;
  /** Parameters for a dependent pick list: pick-list parameter name → sibling field name. */
  readonly pick_list_params?: Readonly<Record<string, string>>;
  /** For objects; for arrays of objects, the item's properties. */
  readonly properties?: readonly PlanField[];
  /** For arrays: the item type. */
  readonly of?: FieldType;
  /** Key of an object definition this field's shape comes from (arrays: its items). Recursion stops here. */
  readonly object_definition?: string;
  readonly sticky?: boolean;
  readonly default?: unknown;
  readonly example?: unknown;
  /** Hidden behind "optional fields"/advanced in a UI. */
  readonly advanced?: boolean;
  /** Where the value goes in the request (input fields of actions/triggers only). */
  readonly location?: ParameterLocation | 'body';
  /** The name on the wire (parameter name or body property), when it differs from `name` or always for inputs. */
  readonly wire_name?: string;
}

export interface PlanReasoned {
  /** Why this exists and is shaped so; the first reason is the main one. */
  readonly reasons: readonly string[];
}

// --- Connection -----------------------------------------------------------------------------------------

export interface PlanConnectionField {
  readonly name: string;
  readonly label: string;
  readonly type: 'string' | 'integer' | 'boolean';
  readonly control_type?: 'text' | 'password' | 'select' | 'url';
  readonly optional: boolean;
  readonly hint?: string;
  readonly default?: string;
  /** `[label, value]` pairs (Workato's `options`), e.g. for server variables with `enum`. */
  readonly options?: readonly (readonly [string, string])[];
  /** Shown only when this auth type is selected (multi-auth connections). */
  readonly authType?: string;
}

export type PlanAuth =
  | (PlanReasoned & {
      readonly type: 'api_key';
      /** Key among several auths; the security scheme name. */
      readonly key: string;
      readonly title: string;
      readonly in: 'header' | 'query' | 'cookie';
      readonly paramName: string;
      /** Connection field that holds the key. */
      readonly field: string;
    })
  | (PlanReasoned & {
      readonly type: 'basic';
      readonly key: string;
      readonly title: string;
      readonly usernameField: string;
      readonly passwordField: string;
    })
  | (PlanReasoned & {
      readonly type: 'bearer';
      readonly key: string;
      readonly title: string;
      readonly tokenField: string;
      readonly bearerFormat?: string;
    })
  | (PlanReasoned & {
      readonly type: 'oauth2';
      readonly key: string;
      readonly title: string;
      readonly flow: 'authorization_code' | 'client_credentials' | 'password' | 'implicit';
      readonly authorizationUrl?: string;
      readonly tokenUrl?: string;
      readonly refreshUrl?: string;
      readonly scopes: readonly string[];
      readonly pkce: boolean;
      readonly clientIdField: string;
      readonly clientSecretField: string;
      /** OpenID Connect: endpoints come from this discovery document at run time. */
      readonly openIdConnectUrl?: string;
      /** Password flow: the connection fields holding the resource owner's username and password. */
      readonly usernameField?: string;
      readonly passwordField?: string;
    })
  | (PlanReasoned & {
      /** A scheme we cannot apply automatically (e.g. mutualTLS, unknown http scheme): user edits the apply code. */
      readonly type: 'custom';
      readonly key: string;
      readonly title: string;
      readonly description: string;
    });

export interface PlanBaseUrl {
  /** `https://{region}.api.example.com/v1`: variables map to connection fields of the same name. */
  readonly template: string;
  /** Server variable name → connection field name. */
  readonly variables: Readonly<Record<string, string>>;
  /** When several servers are offered, the connection field that selects one (value = template). */
  readonly serverField?: string;
}

export interface PlanConnection {
  readonly auth: readonly PlanAuth[];
  /** Connection field deciding which auth applies when there are several (`auth_type`). */
  readonly authSelector?: string;
  readonly fields: readonly PlanConnectionField[];
  readonly baseUrl: PlanBaseUrl;
}

// --- Requests ---------------------------------------------------------------------------------------------

export interface PlanParamBinding {
  /** Input field name. */
  readonly field: string;
  /** Name on the wire. */
  readonly name: string;
  readonly in: ParameterLocation;
  readonly style: ParameterStyle;
  readonly explode: boolean;
  readonly allowReserved?: boolean;
  readonly required: boolean;
}

export type BodyEncoding = 'json' | 'form' | 'multipart' | 'text' | 'binary' | 'xml';

export interface PlanBody {
  readonly mediaType: string;
  readonly encoding: BodyEncoding;
  readonly required: boolean;
  /**
   * `properties`: each top-level property of the body is its own input field (the bindings below);
   * `whole`: one input field (`field`) holds the whole body (non-object bodies, text, binary).
   */
  readonly mode: 'properties' | 'whole';
  readonly field?: string;
  /** Input field name → body property name (mode `properties`). */
  readonly properties?: readonly { readonly field: string; readonly name: string; readonly required: boolean }[];
  /** Body properties that are files (multipart `format: binary`). */
  readonly fileFields?: readonly string[];
  /** When the body is wrapped in an envelope by the API (`{ "data": {...} }`), the wrapping keys. */
  readonly envelope?: readonly string[];
  /** OAS Encoding Objects (form and multipart), by body property name on the wire. */
  readonly encodings?: Readonly<Record<string, { readonly style?: ParameterStyle; readonly explode?: boolean; readonly contentType?: string }>>;
}

export type ResponseKind = 'json' | 'text' | 'binary' | 'empty';

export interface PlanResponse {
  readonly status: string;
  readonly mediaType?: string;
  readonly kind: ResponseKind;
}

export type PlanPagination = PlanReasoned &
  (
    | {
        readonly style: 'cursor';
        /** Request parameter that takes the cursor (`cursor`, `page_token`, `starting_after`, `after`). */
        readonly cursorParam: string;
        readonly cursorIn: 'query' | 'body';
        /** Where the next cursor is in the response body (path of keys), or `lastItem:<field>` semantics below. */
        readonly nextCursorPath?: readonly string[];
        /** `starting_after` style: the cursor is this field of the last item. */
        readonly cursorFromLastItem?: string;
        /** Boolean "more" flag path (`has_more`). */
        readonly hasMorePath?: readonly string[];
        readonly limitParam?: string;
      }
    | { readonly style: 'offset'; readonly offsetParam: string; readonly limitParam?: string; readonly totalPath?: readonly string[] }
    | {
        readonly style: 'page';
        readonly pageParam: string;
        readonly sizeParam?: string;
        readonly firstPage: number;
        readonly totalPagesPath?: readonly string[];
      }
    | { readonly style: 'link_header' }
    | { readonly style: 'next_url'; readonly nextUrlPath: readonly string[] }
  );

export interface PlanRequest {
  readonly method: HttpMethod;
  readonly path: string;
  readonly params: readonly PlanParamBinding[];
  readonly body?: PlanBody;
  /** Auth keys that may be applied (any one of); `[]` = public. Undefined = connection default. */
  readonly security?: readonly (readonly string[])[];
  /** The success response the output describes. */
  readonly response: PlanResponse;
  /** Media types to send in `Accept`. */
  readonly accept?: readonly string[];
  /** Where the records are in a list response (`['data']`); `[]` = the body is the array. Lists only. */
  readonly itemsPath?: readonly string[];
  readonly pagination?: PlanPagination;
}

export interface PlanOperationRef {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId?: string;
}

// --- Actions and triggers -----------------------------------------------------------------------------------

export interface PlanAction extends PlanReasoned {
  /** snake_case, unique, stable across regenerations (from operationId, else method + path). */
  readonly key: string;
  /** PascalCase base for TypeScript names (`CreatePet` → `CreatePetInput`). */
  readonly typeName: string;
  /** File name without extension (kebab-case), unique case-insensitively. */
  readonly fileName: string;
  readonly title: string;
  readonly subtitle?: string;
  readonly description?: string;
  readonly help?: string;
  readonly tags: readonly string[];
  readonly deprecated?: boolean;
  readonly operation: PlanOperationRef;
  readonly request: PlanRequest;
  readonly inputFields: readonly PlanField[];
  readonly outputFields: readonly PlanField[];
  readonly inputSchema: JsonSchema;
  readonly outputSchema: JsonSchema;
  /** Example output from the spec, when it has one. */
  readonly sampleOutput?: unknown;
  /** Retry this action's request on 429/5xx by default (idempotent methods). */
  readonly retry: boolean;
  /**
   * What `execute` returns. `body` (default): the parsed response body as is (text: a string; binary: the
   * runtime's BinaryOutput). `records`: a list endpoint; `{ records: [...] }` with the records found at
   * `request.itemsPath`, following `request.pagination` through pages up to the `max_records` input when paginated.
   */
  readonly outputMode?: 'body' | 'records';
  /** The location-less input field that bounds how many records a paginated list returns (`max_records`). */
  readonly maxRecordsField?: string;
}

export interface PlanPollTrigger extends PlanReasoned {
  readonly kind: 'poll';
  readonly key: string;
  readonly typeName: string;
  readonly fileName: string;
  readonly title: string;
  readonly description?: string;
  readonly operation: PlanOperationRef;
  readonly request: PlanRequest;
  /** `new`: created-time filter; `new_or_updated`: modified-time filter. */
  readonly mode: 'new' | 'new_or_updated';
  /** How "since" is asked for. */
  readonly since: {
    readonly param: string;
    readonly in: 'query';
    /** `date-time` ISO 8601, `date`, `unix` seconds, `unix_ms`. */
    readonly format: 'date-time' | 'date' | 'unix' | 'unix_ms';
    /** `created[gte]`-style operator suffix handled by the param name itself. */
    readonly via: 'filter' | 'sort';
  };
  /** Sort parameter and value that order oldest first, when the API has one. */
  readonly sort?: { readonly param: string; readonly value: string };
  /** Record id field (dedup). */
  readonly idField: string;
  /** Record time field compared with the high-water mark (`updated_at`/`created_at`). */
  readonly timeField?: string;
  readonly inputFields: readonly PlanField[];
  readonly outputFields: readonly PlanField[];
  readonly inputSchema: JsonSchema;
  readonly outputSchema: JsonSchema;
  /** Events per poll before `canPollMore`. */
  readonly pageLimit: number;
  /**
   * The sticky input field (no location) with the time to start from on the first poll (`since`). The
   * `since.param` binding in `request.params` is filled by the trigger from the high-water mark, not by the user.
   */
  readonly sinceField?: string;
}

export interface PlanWebhookTrigger extends PlanReasoned {
  readonly kind: 'webhook';
  readonly key: string;
  readonly typeName: string;
  readonly fileName: string;
  readonly title: string;
  readonly description?: string;
  /** `webhooks`: OAS 3.1 webhooks (the user registers the URL by hand); `callback`/`subscription`: subscribes itself. */
  readonly source: 'webhooks' | 'callback' | 'subscription';
  /** For `webhooks`: the webhook's method and name as path. */
  readonly operation: PlanOperationRef;
  readonly subscribe?: {
    readonly operation: PlanOperationRef;
    readonly request: PlanRequest;
    /** Path of keys in the body that takes the callback URL (`['url']`, `['data', 'target_url']`). */
    readonly urlField: readonly string[];
    /** Path of keys of the event filter, and the input field that feeds it. */
    readonly eventsField?: { readonly path: readonly string[]; readonly field: string };
    /** Where the created subscription's id is in the response. */
    readonly idPath: readonly string[];
    /** When the callback URL goes in a parameter rather than the body (`{$request.query.url}`): its name on the wire. */
    readonly urlParam?: string;
  };
  readonly unsubscribe?: {
    readonly operation: PlanOperationRef;
    readonly request: PlanRequest;
    /** Path parameter that takes the subscription id. */
    readonly idParam: string;
  };
  readonly inputFields: readonly PlanField[];
  readonly outputFields: readonly PlanField[];
  readonly inputSchema: JsonSchema;
  readonly outputSchema: JsonSchema;
  readonly idField?: string;
}

export type PlanTrigger = PlanPollTrigger | PlanWebhookTrigger;

export interface PlanObjectDefinition extends PlanReasoned {
  /** snake_case key. */
  readonly key: string;
  /** PascalCase TypeScript type name, unique. */
  readonly typeName: string;
  /** Schema name in the spec (or, for `sourceCopies`, made from where the schema first appears). */
  readonly sourceName: string;
  /** Set when the spec has no such named schema, but repeats this one inline word for word: how many times. */
  readonly sourceCopies?: number;
  readonly title: string;
  readonly description?: string;
  /** Its own properties; a property that refers to another definition carries `object_definition` only. */
  readonly fields: readonly PlanField[];
  readonly schema: JsonSchema;
}

export type PlanPickList = PlanReasoned &
  (
    | { readonly key: string; readonly kind: 'static'; readonly options: readonly (readonly [string, string | number | boolean])[] }
    | {
        readonly key: string;
        readonly kind: 'dynamic';
        readonly operation: PlanOperationRef;
        readonly request: PlanRequest;
        readonly labelField: string;
        readonly valueField: string;
        /** Dependent pick lists: pick-list parameter → path/query parameter of the list request. */
        readonly params?: readonly { readonly name: string; readonly param: string }[];
      }
  );

export interface PlanTest extends PlanReasoned {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId?: string;
  readonly request: PlanRequest;
}

export interface PlanSkipped {
  readonly operation: PlanOperationRef;
  readonly reason: string;
}

export interface Plan {
  readonly title: string;
  /** PascalCase/kebab names for the generated package. */
  readonly packageName: string;
  readonly description?: string;
  readonly apiVersion: string;
  readonly specVersion: string;
  /** The default server URL with variable defaults applied, or null when the spec names none. */
  readonly baseUrl: string | null;
  readonly connection: PlanConnection;
  readonly test: PlanTest | null;
  readonly actions: readonly PlanAction[];
  readonly triggers: readonly PlanTrigger[];
  /** The spec's schemas that the actions, triggers and pick lists use, directly or through other definitions. */
  readonly objectDefinitions: readonly PlanObjectDefinition[];
  /** The names of the spec's other schemas, in spec order: nothing in the connector uses them, and they are left out. */
  readonly unusedSchemas: readonly string[];
  readonly pickLists: readonly PlanPickList[];
  /** Operations that became neither an action nor a trigger, each with why. */
  readonly skipped: readonly PlanSkipped[];
  readonly diagnostics: readonly Diagnostic[];
}
