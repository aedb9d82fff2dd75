// What other capabilities (and the composition root) may import from campaigns.
export { campaignRoutes } from './routes.js';
export { campaignEditorRoutes } from './editor-routes.js';
export { campaignFanout, FANOUT_QUEUE, FANOUT_BATCH, fanOutBatch } from './fanout.js';
export { createCampaign, updateCampaign } from './commands/edit.js';
export { sendCampaign, scheduleCampaign, unscheduleCampaign } from './commands/dispatch.js';
export { findCampaign, pageCampaigns, type CampaignRow } from './store.js';
export { campaignView } from './presenters.js';
export type { CampaignTables } from './tables.js';
