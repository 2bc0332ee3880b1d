import { describe, expect, it } from 'vitest';
import { api, arr, int, obj, op, param, ref, str } from './__fixtures__/ir-builders.js';
import { linkDynamicPickList } from './link-dynamic-pick-list.js';
import type { IrApi, IrOperation, IrSchema } from '../../ir/types.js';

const schemas: Record<string, IrSchema> = {
  Project: obj({ gid: str(), name: str() }),
  Board: obj({ id: str(), name: str(), closed: str() }),
  Section: obj({ gid: str(), name: str() }),
  User: obj({ id: int(), login: str(), email: str() }),
  Repo: obj({ id: int(), name: str(), full_name: str() }),
  Customer: obj({ id: str(), email: str(), name: str() }),
  Field: obj({ id: str(), label: str() }),
  Blob: obj({ size: int() }),
};

const lists: IrOperation[] = [
  op('GET /projects', { response: obj({ data: arr(ref('Project')) }) }),
  op('GET /projects/{project_gid}', { response: obj({ data: ref('Project') }) }),
  op('GET /projects/{project_gid}/sections', { response: obj({ data: arr(ref('Section')) }) }),
  op('GET /members/me/boards', { response: arr(ref('Board')) }),
  op('GET /users', { response: arr(ref('User')) }),
  op('GET /user/repos', { response: arr(ref('Repo')) }),
  op('GET /v1/customers', { response: obj({ data: arr(ref('Customer')), has_more: str() }) }),
  op('GET /custom-fields', { response: arr(ref('Field')) }),
  op('GET /blobs', { response: arr(ref('Blob')) }),
  op('GET /file-manager/folders', { response: obj({ folders: arr(ref('Project')) }) }),
  op('GET /campaign-folders', { response: obj({ folders: arr(ref('Board')) }) }),
  op('GET /user/properties', { response: obj({ keys: arr(obj({ key: str() })) }) }),
  op('GET /comment/{commentId}/properties', { response: obj({ keys: arr(obj({ key: str() })) }) }),
  op('GET /metadata_templates/enterprise', { response: obj({ entries: arr(ref('Project')) }) }),
  op('GET /usergroups.list', { params: [param('token', str(), { in: 'header', required: true })], response: obj({ ok: str(), usergroups: arr(ref('Board')) }) }),
  op('GET /collaborations', { params: [param('status', str(), { required: true })], response: obj({ entries: arr(ref('Board')) }) }),
];

interface Given {
  readonly field: string;
  readonly schema?: IrSchema;
  readonly op: IrOperation;
}
type Want = { list: string; label: string; value: string; parents: readonly string[] } | undefined;

const table: [string, { given: Given; want: Want }][] = [
  ['a body `project_id` → GET /projects', { given: { field: 'project_id', op: op('POST /tasks', { body: obj({ name: str(), project_id: str() }) }) }, want: { list: 'GET /projects', label: 'name', value: 'gid', parents: [] } }],
  ['a path `{project_gid}`', { given: { field: 'project_gid', op: op('GET /projects/{project_gid}/tasks') }, want: { list: 'GET /projects', label: 'name', value: 'gid', parents: [] } }],
  ['Trello idBoard', { given: { field: 'idBoard', op: op('POST /cards', { body: obj({ idBoard: str() }) }) }, want: { list: 'GET /members/me/boards', label: 'name', value: 'id', parents: [] } }],
  ['camelCase boardId', { given: { field: 'boardId', op: op('GET /cards', { params: [param('boardId')] }) }, want: { list: 'GET /members/me/boards', label: 'name', value: 'id', parents: [] } }],
  ['a dependent pick list: sections need the project', { given: { field: 'section_gid', op: op('POST /projects/{project_gid}/sections/{section_gid}/addTask') }, want: { list: 'GET /projects/{project_gid}/sections', label: 'name', value: 'gid', parents: ['project_gid'] } }],
  ['an integer user_id, labelled by email', { given: { field: 'user_id', schema: int(), op: op('GET /events', { params: [param('user_id', int())] }) }, want: { list: 'GET /users', label: 'email', value: 'id', parents: [] } }],
  ['a bare {id} refers to the segment before it', { given: { field: 'id', op: op('GET /users/{id}') }, want: { list: 'GET /users', label: 'email', value: 'id', parents: [] } }],
  ['Stripe `{customer}` named after its segment', { given: { field: 'customer', op: op('GET /v1/customers/{customer}') }, want: { list: 'GET /v1/customers', label: 'name', value: 'id', parents: [] } }],
  [
    'GitHub `{repo}` described as a name takes the name',
    { given: { field: 'repo', op: op('GET /repos/{owner}/{repo}', { params: [param('owner', str(), { in: 'path' }), param('repo', str(), { in: 'path', description: 'The name of the repository.' })] }) }, want: { list: 'GET /user/repos', label: 'full_name', value: 'name', parents: [] } },
  ],
  ['multi-word resources match kebab paths', { given: { field: 'custom_field_id', op: op('POST /tasks', { body: obj({ custom_field_id: str() }) }) }, want: { list: 'GET /custom-fields', label: 'label', value: 'id', parents: [] } }],
  ['the resource named by the segment before the parameter: campaign folders, not file folders', { given: { field: 'folder_id', op: op('GET /campaign-folders/{folder_id}') }, want: { list: 'GET /campaign-folders', label: 'name', value: 'id', parents: [] } }],
  ['a query id prefers the list that shares words with the operation', { given: { field: 'folder_id', op: op('GET /campaigns', { params: [param('folder_id')] }) }, want: { list: 'GET /campaign-folders', label: 'name', value: 'id', parents: [] } }],
  ['the collection the parameter sits in wins', { given: { field: 'propertyKey', op: op('GET /comment/{commentId}/properties/{propertyKey}') }, want: { list: 'GET /comment/{commentId}/properties', label: 'key', value: 'key', parents: ['commentId'] } }],
  ['a credential header of the list is no parent', { given: { field: 'usergroup_id', op: op('POST /admin.usergroups.addChannels', { body: obj({ usergroup_id: str() }) }) }, want: { list: 'GET /usergroups.list', label: 'name', value: 'id', parents: [] } }],
  // Anti-examples.
  ['a singular last segment is a scope, not a collection', { given: { field: 'enterprise_id', op: op('GET /enterprises/{enterprise_id}/pinners') }, want: undefined }],
  ['a required non-id query parameter of the list is no parent, even when a sibling has its name', { given: { field: 'collaboration_id', op: op('PUT /collaborations/{collaboration_id}', { body: obj({ status: str() }) }) }, want: undefined }],
  ['no list endpoint for the resource', { given: { field: 'workspace_id', op: op('POST /tasks') }, want: undefined }],
  ['an idempotency key is not a resource', { given: { field: 'idempotency_key', op: op('POST /tasks') }, want: undefined }],
  ['an enum is a static pick list, not a dynamic one', { given: { field: 'user_id', schema: str({ enum: ['a', 'b'] }), op: op('POST /tasks') }, want: undefined }],
  ['a name that is not an id', { given: { field: 'project_name', op: op('POST /tasks') }, want: undefined }],
  ['a parent the user cannot give: sections without a project field', { given: { field: 'section_gid', op: op('POST /tasks', { body: obj({ section_gid: str() }) }) }, want: undefined }],
  ['records without an id field', { given: { field: 'blob_id', op: op('POST /tasks') }, want: undefined }],
];

describe('linkDynamicPickList', () => {
  it.each(table)('%s', (_name, { given, want }) => {
    const a: IrApi = api([...lists, given.op], schemas);
    const got = linkDynamicPickList(given.field, given.schema ?? str(), given.op, a);
    expect(got && { list: got.operation.id, label: got.labelField, value: got.valueField, parents: got.parentParams }).toEqual(want);
    if (got) expect(got.reason).toContain(given.field);
  });
});
