import { describe, expect, it } from 'vitest';
import { api, arr, int, obj, op, ref, str } from './__fixtures__/ir-builders.js';
import { nameOperation } from './name-operation.js';
import type { IrOperation } from '../../ir/types.js';

const pet = ref('Pet');
const pets = arr(pet);
const schemas = { Pet: obj({ id: int(), name: str() }) };

const table: [string, { given: IrOperation; title?: string; want: { title: string; key: string } }][] = [
  // From the summary.
  ['a short summary, trailing period dropped', { given: op('POST /pets', { summary: 'Create a pet.', operationId: 'createPets' }), want: { title: 'Create a pet', key: 'create_pets' } }],
  ['Title Case summary → sentence case', { given: op('POST /pets', { summary: 'Create A New Pet' }), want: { title: 'Create a new pet', key: 'post_pets' } }],
  ['"List all" on a list → List', { given: op('GET /pets', { summary: 'List All Pets', response: pets }), want: { title: 'List pets', key: 'get_pets' } }],
  ['third-person summary → imperative', { given: op('GET /pets/{id}', { summary: 'Returns a pet by ID', response: pet }), want: { title: 'Return a pet by ID', key: 'get_pets_id' } }],
  ['"Returns a list of" on a list → List', { given: op('GET /pets', { summary: 'Returns a list of pets', response: pets }), want: { title: 'List pets', key: 'get_pets' } }],
  ['names with inner capitals are kept', { given: op('GET /apps', { summary: 'List GitHub Apps For The Org', response: pets }), want: { title: 'List GitHub apps for the org', key: 'get_apps' } }],
  // From the operationId.
  ['listPets → List pets', { given: op('GET /pets', { operationId: 'listPets', response: pets }), want: { title: 'List pets', key: 'list_pets' } }],
  ['pets.list → List pets', { given: op('GET /pets', { operationId: 'pets.list', response: pets }), want: { title: 'List pets', key: 'pets_list' } }],
  ['getPets on a list → List pets', { given: op('GET /pets', { operationId: 'getPets', response: pets }), want: { title: 'List pets', key: 'get_pets' } }],
  ['getPets on one pet → Get pet', { given: op('GET /pets/{petId}', { operationId: 'getPets', response: pet }), want: { title: 'Get pet', key: 'get_pets' } }],
  ['createPets → Create pet', { given: op('POST /pets', { operationId: 'createPets', response: pet }), want: { title: 'Create pet', key: 'create_pets' } }],
  ['findPetsByStatus keeps its qualifier', { given: op('GET /pet/findByStatus', { operationId: 'findPetsByStatus', response: pets }), want: { title: 'Find pets by status', key: 'find_pets_by_status' } }],
  ['getPetById → Get pet ("by ID" repeats the path parameter)', { given: op('GET /pet/{petId}', { operationId: 'getPetById', response: pet }), want: { title: 'Get pet', key: 'get_pet_by_id' } }],
  ['Trello getBoardsCardsByIdBoard → Get board cards', { given: op('GET /boards/{idBoard}/cards', { operationId: 'getBoardsCardsByIdBoard' }), want: { title: 'Get board cards', key: 'get_boards_cards_by_id_board' } }],
  ['"by" a query value is kept', { given: op('GET /pets', { operationId: 'listPetsByOwner', response: pets }), want: { title: 'List pets by owner', key: 'list_pets_by_owner' } }],
  ['Google drive.drives.create → Create drive', { given: op('POST /drives', { operationId: 'drive.drives.create' }), title: 'Google Drive API', want: { title: 'Create drive', key: 'drive_drives_create' } }],
  ['Google gmail.users.drafts.list → List user drafts', { given: op('GET /gmail/v1/users/{userId}/drafts', { operationId: 'gmail.users.drafts.list', response: obj({ drafts: pets }) }), title: 'Gmail API', want: { title: 'List user drafts', key: 'gmail_users_drafts_list' } }],
  ['Google insert → Create', { given: op('POST /tasks/v1/lists/{tasklist}/tasks', { operationId: 'tasks.tasks.insert' }), title: 'Google Tasks API', want: { title: 'Create task', key: 'tasks_tasks_insert' } }],
  ['the API name and version inside a dotted operationId are dropped', { given: op('PUT /youtube/v3/commentThreads', { operationId: 'youtube.youtube.v3.updateCommentThreads' }), title: 'YouTube Data API v3', want: { title: 'Update comment threads', key: 'youtube_youtube_v3_update_comment_threads' } }],
  ['a word said twice in a row is said once', { given: op('PUT /orgs/{org}/copilot/agents', { operationId: 'copilot/set-copilot-agents' }), want: { title: 'Set copilot agents', key: 'copilot_set_copilot_agents' } }],
  ['Group_VerbPhrase operationIds use the phrase', { given: op('POST /envelopes/{envelopeId}/recipients/{recipientId}/token', { operationId: 'Recipients_PostRecipientProofFileResourceToken' }), want: { title: 'Create recipient proof file resource token', key: 'recipients_post_recipient_proof_file_resource_token' } }],
  ['listGetFollowers: the first verb is the resource', { given: op('GET /2/lists/{id}/followers', { operationId: 'listGetFollowers', response: obj({ data: pets }) }), want: { title: 'List list followers', key: 'list_get_followers' } }],
  ['CreateSinkValidate → Validate sink', { given: op('POST /v1/Sinks/{Sid}/Validate', { operationId: 'CreateSinkValidate' }), want: { title: 'Validate sink', key: 'create_sink_validate' } }],
  ['a path-shaped operationId with decorations falls back to the path', { given: op('GET /webhooks/v3/{appId}/settings', { operationId: 'get-/webhooks/v3/{appId}/settings_getAll', response: obj({ url: str() }) }), want: { title: 'Get webhook settings', key: 'get_webhooks_v3_app_id_settings_get_all' } }],
  ['searchTasks → Search tasks', { given: op('GET /tasks/search', { operationId: 'searchTasks', response: pets }), want: { title: 'Search tasks', key: 'search_tasks' } }],
  ['Azure Pets_ListByOwner', { given: op('GET /owners/{o}/pets', { operationId: 'Pets_ListByOwner', response: pets }), want: { title: 'List pets by owner', key: 'pets_list_by_owner' } }],
  ['GitHub issues/create-comment', { given: op('POST /repos/{owner}/{repo}/issues/{n}/comments', { operationId: 'issues/create-comment' }), want: { title: 'Create issue comment', key: 'issues_create_comment' } }],
  ['a path-shaped operationId GetV1UsersUserId falls back to the path', { given: op('GET /v1/users/{user_id}', { operationId: 'GetV1UsersUserId', response: pet }), want: { title: 'Get user', key: 'get_v1_users_user_id' } }],
  ['snake_case operationId get_pets_pet_id falls back to the path', { given: op('GET /pets/{pet_id}', { operationId: 'get_pets_pet_id', response: pet }), want: { title: 'Get pet', key: 'get_pets_pet_id' } }],
  ['a summary that is an identifier is ignored', { given: op('GET /pets', { summary: 'listPets', operationId: 'listPets', response: pets }), want: { title: 'List pets', key: 'list_pets' } }],
  // From method and path.
  ['GET /pets list', { given: op('GET /pets', { response: pets }), want: { title: 'List pets', key: 'get_pets' } }],
  ['GET /pets/{petId}', { given: op('GET /pets/{petId}', { response: pet }), want: { title: 'Get pet', key: 'get_pets_pet_id' } }],
  ['GET /boards/{id}/cards → List board cards', { given: op('GET /boards/{id}/cards', { response: pets }), want: { title: 'List board cards', key: 'get_boards_id_cards' } }],
  ['PUT /pets/{id} → Update pet', { given: op('PUT /pets/{id}'), want: { title: 'Update pet', key: 'put_pets_id' } }],
  ['PATCH /people/{id} → Update person', { given: op('PATCH /people/{id}'), want: { title: 'Update person', key: 'patch_people_id' } }],
  ['DELETE /pets/{id} → Delete pet', { given: op('DELETE /pets/{id}'), want: { title: 'Delete pet', key: 'delete_pets_id' } }],
  ['POST /companies → Create company', { given: op('POST /companies'), want: { title: 'Create company', key: 'post_companies' } }],
  ['POST /pets/{id}/archive → Archive pet', { given: op('POST /pets/{id}/archive'), want: { title: 'Archive pet', key: 'post_pets_id_archive' } }],
  ['a multi-word action segment', { given: op('POST /v1/payment_intents/{intent}/apply_customer_balance'), want: { title: 'Apply customer balance', key: 'post_v1_payment_intents_intent_apply_customer_balance' } }],
  ['an RPC action on a collection', { given: op('POST /messages/list-scheduled.json'), want: { title: 'List scheduled messages', key: 'post_messages_list_scheduled_json' } }],
  ['Slack RPC with the verb last', { given: op('GET /admin.inviteRequests.denied.list', { response: obj({ ok: str(), invite_requests: pets }) }), want: { title: 'List denied admin invite requests', key: 'get_admin_invite_requests_denied_list' } }],
  ['POST /tasks/search → Search tasks', { given: op('POST /tasks/search', { response: pets }), want: { title: 'Search tasks', key: 'post_tasks_search' } }],
  ['GET /v2/me → Get current user', { given: op('GET /v2/me', { response: pet }), want: { title: 'Get current user', key: 'get_v2_me' } }],
  ['Slack /conversations.list', { given: op('GET /conversations.list', { response: obj({ ok: str(), channels: pets }) }), want: { title: 'List conversations', key: 'get_conversations_list' } }],
  ['irregular plural statuses', { given: op('GET /statuses/{id}', { response: pet }), want: { title: 'Get status', key: 'get_statuses_id' } }],
  ['data stays data', { given: op('GET /data', { response: pets }), want: { title: 'List data', key: 'get_data' } }],
  ['Twilio .json suffix and date version', { given: op('GET /2010-04-01/Accounts/{AccountSid}/Calls.json', { response: obj({ calls: pets }) }), want: { title: 'List account calls', key: 'get_2010_04_01_accounts_account_sid_calls_json' } }],
  // Anti-examples: summaries that are not titles.
  ['a summary that is a sentence is not a title', { given: op('GET /pets', { summary: 'This endpoint returns every pet in the store that matches the filters given', response: pets }), want: { title: 'List pets', key: 'get_pets' } }],
  ['a summary that is a method and path is not a title', { given: op('GET /pets', { summary: 'GET /pets', response: pets }), want: { title: 'List pets', key: 'get_pets' } }],
  ['an operationId starting with a digit gets a prefix', { given: op('GET /x', { operationId: '2fa-status' }), want: { title: 'Get 2fa status', key: 'op_2fa_status' } }],
];

describe('nameOperation', () => {
  it.each(table)('%s', (_name, { given, title, want }) => {
    const got = nameOperation(given, api([given], schemas, title !== undefined ? { title } : {}));
    expect({ title: got.title, key: got.key }).toEqual(want);
    expect(got.reason).not.toBe('');
  });
});
