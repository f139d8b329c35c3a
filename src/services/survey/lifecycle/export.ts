import type { ExportContext, ExportItem } from '../../../platform/services/index.js';

/** The survey part of a tenant export: the company's own rows only. */
export async function* surveyExport(_ctx: ExportContext): AsyncGenerator<ExportItem> {}
