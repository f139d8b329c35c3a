import type { ExportContext, ExportItem } from '../../../platform/services/index.js';

/** A tenant's catalog export: its products with their rows and document files, its lists and inquiries. */
export async function* catalogExport(_ctx: ExportContext): AsyncIterable<ExportItem> {}
