/**
 * The IR: one version-independent model of an API, built from Swagger 2.0, OpenAPI 3.0 or 3.1.
 * Every difference between the versions (nullable vs type arrays, formData, consumes/produces,
 * definitions vs components) is resolved when the IR is built, and nowhere else.
 *
 * Plain, serializable data: no classes, no cycles. Named component schemas are referred to by
 * `{ ref: name }`, so recursive schemas stay finite.
 */
import type { Diagnostic } from '../diagnostics.js';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

/** OAS 3 §4.8.12.4 style values; Swagger 2.0 collectionFormat is mapped onto these. */
export type ParameterStyle =
  | 'matrix'
  | 'label'
  | 'form'
  | 'simple'
  | 'spaceDelimited'
  | 'pipeDelimited'
  | 'deepObject'
  /** Swagger 2.0 `collectionFormat: tsv`; kept rather than lost. */
  | 'tabDelimited';

export type SchemaType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

/**
 * A normalized JSON Schema. `type` is a single type (a 3.1 type array `[T, 'null']` becomes
 * `type: T, nullable: true`; a wider union becomes `anyOf`). A schema with `ref` refers to
 * `IrApi.schemas[ref]` and carries nothing else but an optional description.
 */
export interface IrSchema {
  readonly ref?: string;
  readonly type?: SchemaType;
  readonly nullable?: boolean;
  readonly format?: string;
  readonly title?: string;
  readonly description?: string;
  readonly default?: unknown;
  /** First of `example` / `examples[0]`. */
  readonly example?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly multipleOf?: number;
  readonly readOnly?: boolean;
  readonly writeOnly?: boolean;
  readonly deprecated?: boolean;
  /** OAS 3.1 / JSON Schema: the media type of a string's content (a file part in multipart when no contentEncoding). */
  readonly contentMediaType?: string;
  /** OAS 3.1 / JSON Schema: `base64` etc. */
  readonly contentEncoding?: string;
  /** Property order is the spec's order. */
  readonly properties?: readonly IrProperty[];
  readonly additionalProperties?: boolean | IrSchema;
  readonly items?: IrSchema;
  /** `allOf` is kept (not merged) so emitters can choose; `mergeAllOf` in ir/schema-utils merges. */
  readonly allOf?: readonly IrSchema[];
  readonly oneOf?: readonly IrSchema[];
  readonly anyOf?: readonly IrSchema[];
  readonly discriminator?: { readonly propertyName: string; readonly mapping?: Readonly<Record<string, string>> };
  /** Vendor extensions on the schema (`x-…`), values as in the spec. */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export interface IrProperty {
  readonly name: string;
  readonly required: boolean;
  readonly schema: IrSchema;
}

export interface IrNamedSchema {
  readonly name: string;
  readonly schema: IrSchema;
  /** JSON pointer of the definition in the bundled spec (`/components/schemas/Pet`, `/definitions/Pet`). */
  readonly pointer: string;
  /** Set on an inline schema the spec repeats word for word: how many copies it stands for (`pointer` is the first). */
  readonly copies?: number;
}

export interface IrParameter {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
  readonly description?: string;
  readonly deprecated?: boolean;
  readonly style: ParameterStyle;
  readonly explode: boolean;
  readonly allowReserved?: boolean;
  readonly schema: IrSchema;
  /** When the parameter is described by `content` instead of `schema` (OAS 3 §4.8.12.1). */
  readonly contentType?: string;
  readonly example?: unknown;
  readonly pointer: string;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** How one property of a form body is encoded (OAS 3 Encoding Object). */
export interface IrEncoding {
  readonly contentType?: string;
  readonly style?: ParameterStyle;
  readonly explode?: boolean;
  readonly headers?: readonly string[];
}

export interface IrMediaType {
  /** Lower-case media type without parameters, e.g. `application/json`, `multipart/form-data`, `*\/*`. */
  readonly mediaType: string;
  readonly schema?: IrSchema;
  readonly example?: unknown;
  readonly encoding?: Readonly<Record<string, IrEncoding>>;
}

export interface IrRequestBody {
  readonly required: boolean;
  readonly description?: string;
  /** In spec order. Swagger 2.0 `consumes` + body/formData parameters are mapped into this. */
  readonly content: readonly IrMediaType[];
  readonly pointer: string;
}

export interface IrHeader {
  readonly name: string;
  readonly required: boolean;
  readonly description?: string;
  readonly schema: IrSchema;
}

export interface IrResponse {
  /** `200`, `2XX`, `default`, … as written in the spec. */
  readonly status: string;
  readonly description?: string;
  readonly content: readonly IrMediaType[];
  readonly headers: readonly IrHeader[];
  /** OAS 3 Link objects, by name, with the target operationId when given. */
  readonly links?: readonly { readonly name: string; readonly operationId?: string; readonly parameters?: Readonly<Record<string, unknown>> }[];
  readonly pointer: string;
}

/** One alternative of a security requirement: all of these schemes together, with scopes. */
export interface IrSecurityRequirement {
  readonly schemes: readonly { readonly scheme: string; readonly scopes: readonly string[] }[];
}

export interface IrCallback {
  /** Callback name as in the spec (`onEvent`). */
  readonly name: string;
  /** The runtime expression that names the URL, e.g. `{$request.body#/callbackUrl}`. */
  readonly expression: string;
  readonly operations: readonly IrOperation[];
}

export interface IrOperation {
  /** `GET /pets/{petId}` — unique in the API, stable identity for an operation. */
  readonly id: string;
  readonly method: HttpMethod;
  /** As written in the spec, including `{param}` templates. */
  readonly path: string;
  readonly operationId?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly deprecated: boolean;
  /** Path-level and operation-level parameters merged (operation wins), spec order. */
  readonly parameters: readonly IrParameter[];
  readonly requestBody?: IrRequestBody;
  /** In spec order. */
  readonly responses: readonly IrResponse[];
  /**
   * Effective security: the operation's own, or the document's when the operation has none.
   * `[]` means public (OAS `security: []`); `undefined` never occurs here.
   */
  readonly security: readonly IrSecurityRequirement[];
  /** True when the operation declared `security` itself (even `[]`). */
  readonly securityOverridden: boolean;
  /** Operation-level servers, if any. */
  readonly servers?: readonly IrServer[];
  readonly callbacks: readonly IrCallback[];
  /** `/paths/~1pets/get` — for diagnostics. */
  readonly pointer: string;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export interface IrServerVariable {
  readonly name: string;
  readonly default: string;
  readonly enum?: readonly string[];
  readonly description?: string;
}

export interface IrServer {
  /** As written, with `{variables}`; Swagger 2.0 scheme + host + basePath is folded into this. */
  readonly url: string;
  readonly description?: string;
  readonly variables: readonly IrServerVariable[];
}

export interface IrOAuthFlow {
  readonly authorizationUrl?: string;
  readonly tokenUrl?: string;
  readonly refreshUrl?: string;
  readonly scopes: Readonly<Record<string, string>>;
}

export type IrSecurityScheme =
  | { readonly name: string; readonly type: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly paramName: string; readonly description?: string }
  | { readonly name: string; readonly type: 'http'; readonly scheme: string; readonly bearerFormat?: string; readonly description?: string }
  | {
      readonly name: string;
      readonly type: 'oauth2';
      readonly flows: {
        readonly implicit?: IrOAuthFlow;
        readonly password?: IrOAuthFlow;
        readonly clientCredentials?: IrOAuthFlow;
        readonly authorizationCode?: IrOAuthFlow;
      };
      readonly description?: string;
    }
  | { readonly name: string; readonly type: 'openIdConnect'; readonly openIdConnectUrl: string; readonly description?: string }
  | { readonly name: string; readonly type: 'mutualTLS'; readonly description?: string };

export interface IrWebhook {
  /** Key under `webhooks` (OAS 3.1 §4.8.1). */
  readonly name: string;
  readonly operations: readonly IrOperation[];
}

export interface IrTag {
  readonly name: string;
  readonly description?: string;
}

export interface IrApi {
  /** `2.0`, `3.0.3`, `3.1.0`, … */
  readonly specVersion: string;
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly servers: readonly IrServer[];
  /** In spec order (paths order, then method order get, put, post, delete, options, head, patch, trace). */
  readonly operations: readonly IrOperation[];
  /** Named schemas, in spec order: `components.schemas` / `definitions`, plus names synthesized for inline cycles. */
  readonly schemas: readonly IrNamedSchema[];
  readonly securitySchemes: readonly IrSecurityScheme[];
  /** Document-level security requirements (`[]` when none). */
  readonly security: readonly IrSecurityRequirement[];
  readonly tags: readonly IrTag[];
  readonly webhooks: readonly IrWebhook[];
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Non-fatal findings made while building the IR. */
  readonly diagnostics: readonly Diagnostic[];
}
