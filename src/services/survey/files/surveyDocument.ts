import type { Composition } from '../shared/composition.js';

/** Unknown attributes of an element, kept so a file's values survive a round trip. */
export type Attributes = Record<string, string>;

/** A person named in a file's business information (the authorizer or the contact). */
export interface SurveyPerson {
  name: string;
  title?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}

/** A company named in a file, with its unique id (e.g. a DUNS number) and the id's authority. */
export interface SurveyCompany {
  name: string;
  uniqueId?: string | undefined;
  authority?: string | undefined;
}

/** IEC 62474 BusinessInfo: who sends the file to whom, when, and who vouches for it. */
export interface BusinessInfo {
  /** e.g. "Distribution". */
  mode: string;
  /** A request for data or a response with data. */
  kind: 'Request' | 'Response';
  date?: string | undefined;
  docId?: string | undefined;
  authorizer?: SurveyPerson | undefined;
  contact?: SurveyPerson | undefined;
  supplyCompany?: SurveyCompany | undefined;
  requestCompany?: SurveyCompany | undefined;
}

/** One declaration of a declarable substance (group) against a list: above its threshold or not. */
export interface ComplianceEntry {
  name: string;
  /** The list's id of the substance (group), or a CAS number. */
  id?: string | undefined;
  aboveThreshold: boolean;
  /** Mass in the product, in grams, when declared. */
  massG?: number | undefined;
  /** Concentration in the product, when declared. */
  massPercent?: number | undefined;
  exemptions: string[];
  comment?: string | undefined;
  attributes?: Attributes | undefined;
}

/** A declarable substance list the product was checked against (IEC 62474 D29.00, EUREACH-0624…). */
export interface ComplianceList {
  listId: string;
  authority?: string | undefined;
  version?: string | undefined;
  entries: ComplianceEntry[];
}

/** One product of a survey file, as the rest of the service uses it. */
export interface SurveyFileProduct {
  productNumber: string;
  name: string;
  /** Mass of one unit in grams (converted from the file's unit). */
  massG: number | null;
  composition: Composition;
  /** The unit the file gave the mass in, kept for writing it back as given. */
  massUnit?: 'mg' | 'g' | undefined;
  unitType?: string | undefined;
  effectiveDate?: string | undefined;
  /** A chemical product's declarable substance list (CI files: authority and version). */
  substanceList?: { authority?: string | undefined; version?: string | undefined } | undefined;
  compliance?: ComplianceList[] | undefined;
  comment?: string | undefined;
  attributes?: Attributes | undefined;
}

/**
 * What a survey file (chemSHERPA / IEC 62474 zip or XML, IPC-1752A XML, CSV, Excel) holds, in
 * one model that every reader produces and every writer takes.
 */
export interface SurveyDocument {
  format: 'iec62474' | 'ipc1752a' | 'spreadsheet';
  /** IEC 62474 schemaDatabaseVersion (e.g. X8.00ex2.0) or the IPC-1752A version (2.0). */
  schemaVersion?: string | undefined;
  /** IPC-1752A declaration classes present ('C', 'D'). */
  ipcClasses?: ('C' | 'D')[] | undefined;
  /** IEC 62474 Include/Sectional names (Composition, Compliance). */
  sectionals?: string[] | undefined;
  businessInfo?: BusinessInfo | undefined;
  products: SurveyFileProduct[];
  /** Unknown attributes of the root element. */
  attributes?: Attributes | undefined;
}

/** The file kinds a survey file is stored under (survey.response_files.kind). */
export type SurveyFileKind = 'chemsherpa' | 'ipc1752a' | 'spreadsheet';

export { parseSurveyFile } from './parseSurveyFile.js';

