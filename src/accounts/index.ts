export { createTeam, insertTeam, addMember, setTeamRateLimit, teamExists } from './commands.js';
export { bootstrapIfEmpty } from './bootstrap.js';
export type { Role } from './tables.js';
