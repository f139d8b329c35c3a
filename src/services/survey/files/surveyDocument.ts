import type { Composition } from '../shared/composition.js';

/** One product of a survey file, as the rest of the service uses it. */
export interface SurveyFileProduct {
  productNumber: string;
  name: string;
  massG: number | null;
  composition: Composition;
}

/**
 * What a survey file (chemSHERPA / IEC 62474 zip or XML, IPC-1752A XML, CSV, Excel) holds, in
 * one model that every reader produces and every writer takes. (The files area extends it.)
 */
export interface SurveyDocument {
  format: 'iec62474' | 'ipc1752a' | 'spreadsheet';
  products: SurveyFileProduct[];
}

/** Reads a survey file; throws AppError survey.file_* when it is not one. (Placeholder.) */
export function parseSurveyFile(_bytes: Buffer, _fileName: string): Promise<SurveyDocument> {
  return Promise.reject(new Error('parseSurveyFile: not implemented yet'));
}
