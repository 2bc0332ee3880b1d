/**
 * The connector model that every generated package is written against (after Workato's connector SDK:
 * connection / test / actions / triggers / objectDefinitions / pickLists / methods).
 *
 * This folder is copied verbatim into each generated package as `src/runtime/`: zero dependencies,
 * strict TypeScript, Node 20+ (global `fetch`, `FormData`, `Blob`).
 */

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'date_time' | 'object' | 'array';

/** A schema field in the style of connector platforms. */
export interface Field {
  readonly name: string;
  readonly label?: string;
  readonly type?: FieldType;
  readonly control_type?: string;
  readonly optional?: boolean;
  readonly hint?: string;
  readonly pick_list?: string;
  readonly pick_list_params?: Readonly<Record<string, string>>;
  readonly properties?: readonly Field[];
  readonly of?: FieldType;
  readonly object_definition?: string;
  readonly sticky?: boolean;
  readonly default?: unknown;
  readonly advanced?: boolean;
}

export type JsonSchema = { readonly [key: string]: unknown };

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';
export type ParameterStyle =
  | 'matrix'
  | 'label'
  | 'form'
  | 'simple'
  | 'spaceDelimited'
  | 'pipeDelimited'
  | 'deepObject'
  | 'tabDelimited';

/** Values of the connection fields, plus what the runtime keeps (tokens, base URL override). */
export interface ConnectionSettings {
  readonly [field: string]: unknown;
  /** Overrides the server URL (sandboxes, proxies, mock servers). */
  readonly baseUrl?: string;
  readonly access_token?: string;
  readonly refresh_token?: string;
  /** Epoch seconds. */
  readonly expires_at?: number;
}

// --- Auth ---------------------------------------------------------------------------------------------------

export type AuthDefinition =
  | { readonly type: 'api_key'; readonly key: string; readonly title: string; readonly in: 'header' | 'query' | 'cookie'; readonly paramName: string; readonly field: string }
  | { readonly type: 'basic'; readonly key: string; readonly title: string; readonly usernameField: string; readonly passwordField: string }
  | { readonly type: 'bearer'; readonly key: string; readonly title: string; readonly tokenField: string }
  | {
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
      readonly openIdConnectUrl?: string;
      /** Password flow: connection fields holding the resource owner's credentials (default `username`, `password`). */
      readonly usernameField?: string;
      readonly passwordField?: string;
      /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1); default `body` (client_secret_post). */
      readonly clientAuth?: 'basic' | 'body';
    }
  | { readonly type: 'custom'; readonly key: string; readonly title: string; readonly description: string };

export interface ConnectionField {
  readonly name: string;
  readonly label: string;
  readonly type: 'string' | 'integer' | 'boolean';
  readonly control_type?: string;
  readonly optional: boolean;
  readonly hint?: string;
  readonly default?: string;
  readonly options?: readonly (readonly [string, string])[];
  readonly authType?: string;
}

export interface ConnectionDefinition {
  readonly fields: readonly ConnectionField[];
  readonly auth: readonly AuthDefinition[];
  /** Connection field that selects the auth when there are several. */
  readonly authSelector?: string;
  readonly baseUrl: {
    readonly template: string;
    readonly variables: Readonly<Record<string, string>>;
    readonly serverField?: string;
  };
}

// --- Requests -----------------------------------------------------------------------------------------------

export interface ParamBinding {
  readonly field: string;
  readonly name: string;
  readonly in: ParameterLocation;
  readonly style: ParameterStyle;
  readonly explode: boolean;
  readonly allowReserved?: boolean;
  readonly required: boolean;
}

export type BodyEncoding = 'json' | 'form' | 'multipart' | 'text' | 'binary' | 'xml';

export interface BodySpec {
  readonly mediaType: string;
  readonly encoding: BodyEncoding;
  readonly required: boolean;
  readonly mode: 'properties' | 'whole';
  readonly field?: string;
  readonly properties?: readonly { readonly field: string; readonly name: string; readonly required: boolean }[];
  readonly fileFields?: readonly string[];
  readonly envelope?: readonly string[];
  /** OAS Encoding Objects by body property name (form and multipart): style/explode and part content types. */
  readonly encodings?: Readonly<Record<string, { readonly style?: ParameterStyle; readonly explode?: boolean; readonly contentType?: string }>>;
}

export type ResponseKind = 'json' | 'text' | 'binary' | 'empty';

export type Pagination =
  | {
      readonly style: 'cursor';
      readonly cursorParam: string;
      readonly cursorIn: 'query' | 'body';
      readonly nextCursorPath?: readonly string[];
      readonly cursorFromLastItem?: string;
      readonly hasMorePath?: readonly string[];
      readonly limitParam?: string;
    }
  | { readonly style: 'offset'; readonly offsetParam: string; readonly limitParam?: string; readonly totalPath?: readonly string[] }
  | { readonly style: 'page'; readonly pageParam: string; readonly sizeParam?: string; readonly firstPage: number; readonly totalPagesPath?: readonly string[] }
  | { readonly style: 'link_header' }
  | { readonly style: 'next_url'; readonly nextUrlPath: readonly string[] };

/** Everything the runtime needs to make one operation's request; generated code passes it as data. */
export interface RequestSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly params: readonly ParamBinding[];
  readonly body?: BodySpec;
  /** Auth keys allowed (any one of the inner lists, all of its keys); `[]` = public; absent = connection default. */
  readonly security?: readonly (readonly string[])[];
  readonly response: { readonly status: string; readonly mediaType?: string; readonly kind: ResponseKind };
  readonly accept?: readonly string[];
  readonly itemsPath?: readonly string[];
  readonly pagination?: Pagination;
  /** Retry on 429/502/503/504 (default: idempotent methods only). */
  readonly retry?: boolean;
}

/** A file for multipart bodies or binary uploads. */
export interface FileInput {
  readonly filename?: string;
  readonly contentType?: string;
  /** Base64-encoded content. */
  readonly base64?: string;
  /** Plain text content. */
  readonly text?: string;
}

/** Binary responses are returned in this form. */
export interface BinaryOutput {
  readonly contentType: string;
  readonly base64: string;
  readonly size: number;
}

export interface HttpResponse<T = unknown> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: T;
  readonly url: string;
}

/** Per-call additions the runtime's pagination and polling make to a request. */
export interface RequestOverrides {
  /** Query parameters by wire name; they replace bound parameters of the same name. */
  readonly query?: Readonly<Record<string, string>>;
  /** Top-level body properties by wire name (JSON and form bodies). */
  readonly body?: Readonly<Record<string, unknown>>;
  /** Absolute URL to request instead of the one built from the spec (next-page links); same origin only. */
  readonly url?: string;
}

// --- Context and definitions -------------------------------------------------------------------------------------

export interface Logger {
  debug(message: string): void;
}

/** What `execute`, `poll` and the webhook hooks receive. */
export interface Context {
  readonly connection: ConnectionSettings;
  /** Makes one request; the input object supplies the bound fields. Returns the parsed body. */
  request<T = unknown>(spec: RequestSpec, input: Readonly<Record<string, unknown>>): Promise<T>;
  /** Same, with status and headers. */
  requestRaw<T = unknown>(spec: RequestSpec, input: Readonly<Record<string, unknown>>, overrides?: RequestOverrides): Promise<HttpResponse<T>>;
  /** Follows `spec.pagination`, yielding the records found at `spec.itemsPath` of each page. */
  paginate<T = unknown>(spec: RequestSpec, input: Readonly<Record<string, unknown>>, options?: { readonly maxRecords?: number }): AsyncGenerator<T, void, undefined>;
}

export interface ActionDefinition<I = Record<string, unknown>, O = unknown> {
  readonly title: string;
  readonly subtitle?: string;
  readonly description?: string;
  readonly help?: string;
  readonly inputFields: readonly Field[];
  readonly outputFields: readonly Field[];
  readonly inputSchema: JsonSchema;
  readonly outputSchema: JsonSchema;
  readonly sampleOutput?: unknown;
  execute(ctx: Context, input: I): Promise<O>;
}

export interface PollResult<E, C> {
  readonly events: readonly E[];
  /** Saved and handed to the next poll (high-water mark, cursor). */
  readonly nextPoll: C;
  /** True when more events are waiting: poll again right away. */
  readonly canPollMore: boolean;
}

export interface PollTriggerDefinition<I = Record<string, unknown>, E = unknown, C = unknown> {
  readonly kind: 'poll';
  readonly title: string;
  readonly description?: string;
  readonly inputFields: readonly Field[];
  readonly outputFields: readonly Field[];
  readonly inputSchema: JsonSchema;
  readonly outputSchema: JsonSchema;
  poll(ctx: Context, input: I, closure: C | undefined): Promise<PollResult<E, C>>;
  dedup(event: E): string;
}

export interface WebhookTriggerDefinition<I = Record<string, unknown>, E = unknown, S = unknown> {
  readonly kind: 'webhook';
  readonly title: string;
  readonly description?: string;
  readonly inputFields: readonly Field[];
  readonly outputFields: readonly Field[];
  readonly inputSchema: JsonSchema;
  readonly outputSchema: JsonSchema;
  /** Registers `webhookUrl` with the API; what it returns is handed to `unsubscribe`. Absent: the user registers by hand. */
  subscribe?(ctx: Context, webhookUrl: string, input: I): Promise<S>;
  unsubscribe?(ctx: Context, subscription: S): Promise<void>;
  /** Turns one incoming notification into events. */
  webhookNotification(input: I, payload: unknown, headers: Readonly<Record<string, string>>): readonly E[];
  dedup?(event: E): string;
}

export type TriggerDefinition = PollTriggerDefinition<any, any, any> | WebhookTriggerDefinition<any, any, any>;

export interface ObjectDefinition {
  readonly title: string;
  readonly fields: readonly Field[];
  readonly schema: JsonSchema;
}

export type PickListDefinition =
  | { readonly kind: 'static'; readonly options: readonly (readonly [string, string | number | boolean])[] }
  | {
      readonly kind: 'dynamic';
      /** Fetches `[label, value]` pairs; `params` are the dependent pick-list parameters. */
      load(ctx: Context, params: Readonly<Record<string, unknown>>): Promise<readonly (readonly [string, string | number | boolean])[]>;
    };

export interface TestDefinition {
  readonly request: RequestSpec;
}

export interface Connector {
  readonly title: string;
  readonly description?: string;
  readonly connection: ConnectionDefinition;
  readonly test: TestDefinition | null;
  readonly actions: Readonly<Record<string, ActionDefinition<any, any>>>;
  readonly triggers: Readonly<Record<string, TriggerDefinition>>;
  readonly objectDefinitions: Readonly<Record<string, ObjectDefinition>>;
  readonly pickLists: Readonly<Record<string, PickListDefinition>>;
}
