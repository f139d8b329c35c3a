import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import baseEn from './en.json';
import baseJa from './ja.json';
import accountEn from './features/account.en.json';
import accountJa from './features/account.ja.json';
import auditEn from './features/audit.en.json';
import auditJa from './features/audit.ja.json';
import membersEn from './features/members.en.json';
import membersJa from './features/members.ja.json';
import mfaEn from './features/mfa.en.json';
import mfaJa from './features/mfa.ja.json';
import opsEn from './features/ops.en.json';
import opsJa from './features/ops.ja.json';
import opsTenantsEn from './features/opsTenants.en.json';
import opsTenantsJa from './features/opsTenants.ja.json';
import maintenanceEn from './features/maintenance.en.json';
import maintenanceJa from './features/maintenance.ja.json';
import incidentsEn from './features/incidents.en.json';
import incidentsJa from './features/incidents.ja.json';
import opsMonitorEn from './features/opsMonitor.en.json';
import opsMonitorJa from './features/opsMonitor.ja.json';
import backupsEn from './features/backups.en.json';
import backupsJa from './features/backups.ja.json';
import lifecycleEn from './features/lifecycle.en.json';
import lifecycleJa from './features/lifecycle.ja.json';
import processEn from './features/process.en.json';
import processJa from './features/process.ja.json';
import processMasterEn from './features/processMaster.en.json';
import processMasterJa from './features/processMaster.ja.json';
import processOrdersEn from './features/processOrders.en.json';
import processOrdersJa from './features/processOrders.ja.json';
import processRecordsEn from './features/processRecords.en.json';
import processRecordsJa from './features/processRecords.ja.json';
import catalogEn from './features/catalog.en.json';
import catalogJa from './features/catalog.ja.json';
import catalogPublishEn from './features/catalogPublish.en.json';
import catalogPublishJa from './features/catalogPublish.ja.json';
import catalogDiscoverEn from './features/catalogDiscover.en.json';
import catalogDiscoverJa from './features/catalogDiscover.ja.json';
import catalogInquiriesEn from './features/catalogInquiries.en.json';
import catalogInquiriesJa from './features/catalogInquiries.ja.json';
import surveyEn from './features/survey.en.json';
import surveyJa from './features/survey.ja.json';
import surveyListsEn from './features/surveyLists.en.json';
import surveyListsJa from './features/surveyLists.ja.json';
import surveyProductsEn from './features/surveyProducts.en.json';
import surveyProductsJa from './features/surveyProducts.ja.json';
import surveyRequestsEn from './features/surveyRequests.en.json';
import surveyRequestsJa from './features/surveyRequests.ja.json';
import surveyResponsesEn from './features/surveyResponses.en.json';
import surveyResponsesJa from './features/surveyResponses.ja.json';
import surveyOutsideEn from './features/surveyOutside.en.json';
import surveyOutsideJa from './features/surveyOutside.ja.json';
import complianceEn from './features/compliance.en.json';
import complianceJa from './features/compliance.ja.json';
import securityPagesEn from './features/securityPages.en.json';
import securityPagesJa from './features/securityPages.ja.json';

// Each feature keeps its texts in its own file, under its own key (`t('account.…')`).
const ja = { ...baseJa, account: accountJa, mfa: mfaJa, members: membersJa, audit: auditJa, ops: opsJa, opsTenants: opsTenantsJa, maintenance: maintenanceJa, incidents: incidentsJa, opsMonitor: opsMonitorJa, backups: backupsJa, lifecycle: lifecycleJa, process: processJa, processMaster: processMasterJa, processOrders: processOrdersJa, processRecords: processRecordsJa, catalog: catalogJa, catalogPublish: catalogPublishJa, catalogDiscover: catalogDiscoverJa, catalogInquiries: catalogInquiriesJa, survey: surveyJa, surveyLists: surveyListsJa, surveyProducts: surveyProductsJa, surveyRequests: surveyRequestsJa, surveyResponses: surveyResponsesJa, surveyOutside: surveyOutsideJa, compliance: complianceJa, securityPages: securityPagesJa };
const en = { ...baseEn, account: accountEn, mfa: mfaEn, members: membersEn, audit: auditEn, ops: opsEn, opsTenants: opsTenantsEn, maintenance: maintenanceEn, incidents: incidentsEn, opsMonitor: opsMonitorEn, backups: backupsEn, lifecycle: lifecycleEn, process: processEn, processMaster: processMasterEn, processOrders: processOrdersEn, processRecords: processRecordsEn, catalog: catalogEn, catalogPublish: catalogPublishEn, catalogDiscover: catalogDiscoverEn, catalogInquiries: catalogInquiriesEn, survey: surveyEn, surveyLists: surveyListsEn, surveyProducts: surveyProductsEn, surveyRequests: surveyRequestsEn, surveyResponses: surveyResponsesEn, surveyOutside: surveyOutsideEn, compliance: complianceEn, securityPages: securityPagesEn };

/** Languages the UI speaks; Japanese is the default. */
export const LANGUAGES = ['ja', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** A text the server sends in both languages, e.g. a service or role name. */
export interface LocalizedText {
  ja: string;
  en: string;
}

const STORAGE_KEY = 'lang';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ja };
  }
}

/** Narrows a stored or negotiated language tag to one the UI speaks. */
export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Lang {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLang(stored) ? stored : 'ja';
  } catch {
    // Storage can be disabled by browser policy; the default language still works.
    return 'ja';
  }
}

const initialLanguage = storedLanguage();
document.documentElement.lang = initialLanguage;

void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: initialLanguage,
  fallbackLng: 'ja',
  supportedLngs: [...LANGUAGES],
  // Resources are bundled, so initialisation can finish before the first render.
  initAsync: false,
  // React escapes output already.
  interpolation: { escapeValue: false },
});

/** The language the UI currently shows. */
export function currentLanguage(): Lang {
  return isLang(i18n.language) ? i18n.language : 'ja';
}

/** Switches the UI language, remembers it for the next visit and sets `<html lang>`. */
export async function setLanguage(lang: Lang): Promise<void> {
  await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembering the choice is acceptable when storage is unavailable.
  }
}

/** Picks the text for `lang` from a server-provided bilingual text. */
export function localized(text: LocalizedText, lang: Lang): string {
  return text[lang];
}

export default i18n;
