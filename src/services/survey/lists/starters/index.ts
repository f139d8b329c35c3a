import { reachSvhcExcerpt } from './reachSvhcExcerpt.js';
import { rohsAnnex2 } from './rohsAnnex2.js';
import type { StarterList } from './starterList.js';

export type { StarterEntry, StarterList } from './starterList.js';

/** The substance lists shipped with the service, in the order the screen offers them. */
export const STARTER_LISTS: readonly StarterList[] = [rohsAnnex2, reachSvhcExcerpt];

export const STARTER_KEYS = ['rohs_annex2', 'reach_svhc_excerpt'] as const;
