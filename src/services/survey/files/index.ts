import { writeIec62474 } from './iec62474.js';
import type { SurveyDocument } from './surveyDocument.js';
import { writeZip } from './zipArchive.js';

export { readIec62474, writeIec62474 } from './iec62474.js';
export { readIpc1752a, writeIpc1752a } from './ipc1752a.js';
export { parseSurveyFile, SURVEY_FILE_MAX_BYTES, surveyFileKind } from './parseSurveyFile.js';
export { readSurveyRows, SURVEY_COLUMNS, surveyRows, writeSpreadsheet } from './spreadsheet.js';
export type { BusinessInfo, ComplianceEntry, ComplianceList, SurveyCompany, SurveyDocument, SurveyFileKind, SurveyFileProduct, SurveyPerson } from './surveyDocument.js';

/** The file name of a chemSHERPA file for a document: .shci for chemicals (no parts), .shai for articles. */
export function chemSherpaFileName(doc: SurveyDocument, base: string): string {
  const chemical = doc.products.every((p) => p.composition.parts.length === 0);
  return `${base}.${chemical ? 'shci' : 'shai'}`;
}

/** Writes a chemSHERPA-style file: a ZIP holding the document as one IEC 62474 XML. */
export function writeChemSherpaZip(doc: SurveyDocument, at?: Date): Buffer {
  return writeZip([{ name: 'chemSHERPA.xml', bytes: writeIec62474(doc) }], at);
}
