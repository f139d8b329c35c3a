import type { Localized } from '../../../../core/i18n.js';

/** One entry of a shipped starter list, in the shape a loaded version stores. */
export interface StarterEntry {
  cas: string | null;
  internalId: string | null;
  name: string;
  thresholdPercent: number;
  basis: 'material' | 'article';
  notes: string;
}

/** A substance list shipped with the service, loaded into a tenant on request. */
export interface StarterList {
  key: 'rohs_annex2' | 'reach_svhc_excerpt';
  /** The code the list gets in the tenant (survey.substance_lists.code). */
  code: string;
  name: Localized;
  /** Where the entries come from: the legal text or the published list and its date. */
  source: string;
  /** The label of the version a load creates. */
  versionLabel: string;
  entries: readonly StarterEntry[];
}
