export { createApiKey, insertApiKey, type CreateKeyInput, type Origin } from './commands/create-api-key.js';
export { updateApiKey, rotateApiKey, revokeApiKey, type KeyUpdate } from './commands/change-api-key.js';
export { validateKeyInput } from './key-input.js';
export { apiKeyView } from './presenters.js';
export { listKeys, getKey } from './store.js';
export { SCOPES, isScope, scopesOf, grants, sandboxAllows, type Scope, type RouteScope, type Permission } from './scopes.js';
export { parseIpRules, ipAllowed } from './ip-rules.js';
export { generateKey, digestKey, looksLikeKey } from './keys.js';
export type { AuthContext } from './hook.js';
