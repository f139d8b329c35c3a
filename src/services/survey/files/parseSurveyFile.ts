import { AppError } from '../../../core/errors.js';
import { compositionSchema } from '../shared/composition.js';
import { isIec62474Root, readIec62474, readIecProduct } from './iec62474.js';
import { IPC1752A_NS, readIpc1752a } from './ipc1752a.js';
import { readSpreadsheet } from './spreadsheet.js';
import type { SurveyDocument, SurveyFileKind, SurveyFileProduct } from './surveyDocument.js';
import { isZip, readZip, ZIP_LIMITS } from './zipArchive.js';
import { looksLikeXml, parseXmlTree } from './xmlTree.js';

/** Largest survey file taken as it comes (before unpacking). */
export const SURVEY_FILE_MAX_BYTES = 20 * 1024 * 1024;

const extensionOf = (fileName: string) => /\.([A-Za-z0-9]+)$/.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';

function readXml(bytes: Buffer): SurveyDocument {
  // IEC 62474 products are converted as each closes and dropped from the tree: a large file
  // never stands in memory as elements and as products at once.
  const products: SurveyFileProduct[] = [];
  const root = parseXmlTree(bytes, (element, depth, top) => {
    if (depth !== 1 || element.name !== 'Product' || !isIec62474Root(top)) return false;
    products.push(readIecProduct(element));
    return true;
  });
  if (isIec62474Root(root)) return readIec62474(root, products);
  if (root.name === 'MainDeclaration' && root.ns === IPC1752A_NS) return readIpc1752a(root);
  throw new AppError('survey.file_wrong_root', { params: { root: root.name.slice(0, 60) }, internal: `root ${root.name} in ${root.ns}` });
}

/** Checks every product's composition against the shared schema (sizes, numbers, CAS numbers). */
function checked(doc: SurveyDocument): SurveyDocument {
  if (doc.products.length === 0) throw new AppError('survey.file_empty');
  for (const product of doc.products) {
    if (product.productNumber.length > 100 || product.name.length > 200) {
      throw new AppError('survey.file_content_invalid', { params: { where: product.productNumber.slice(0, 100) }, internal: 'product number or name too long' });
    }
    const parsed = compositionSchema.safeParse(product.composition);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('survey.file_content_invalid', { params: { where: [product.productNumber, ...(issue?.path ?? []).map(String)].join(' / ') }, internal: issue?.message });
    }
    product.composition = parsed.data;
  }
  return doc;
}

/**
 * Reads a survey file — a chemSHERPA file (.shai / .shci / .zip holding one IEC 62474 XML), an
 * IEC 62474 or IPC-1752A XML file, a CSV or an Excel workbook — into a SurveyDocument. What the
 * bytes are is decided by their first bytes, not by the name (the name only tells CSV and
 * Excel apart from a chemSHERPA ZIP); anything else is refused with an AppError survey.file_*
 * and nothing is read further. ZIPs are unpacked within ZIP_LIMITS; XML with a DOCTYPE is refused.
 */
export async function parseSurveyFile(bytes: Buffer, fileName: string): Promise<SurveyDocument> {
  if (bytes.length > SURVEY_FILE_MAX_BYTES) throw new AppError('survey.file_too_large', { params: { limit_mb: SURVEY_FILE_MAX_BYTES / 1048576 } });
  const ext = extensionOf(fileName);
  if (isZip(bytes)) {
    const isXlsx = ext === 'xlsx';
    const entries = await readZip(bytes, (name) => !isXlsx && /\.xml$/i.test(name), ZIP_LIMITS);
    if (isXlsx) return checked(await readSpreadsheet(bytes, 'xlsx'));
    if (entries.length !== 1) throw new AppError('survey.file_no_document', { params: { count: entries.length } });
    return checked(readXml(entries[0]!.bytes));
  }
  if (looksLikeXml(bytes)) return checked(readXml(bytes));
  if (ext === 'csv' || ext === 'txt') return checked(await readSpreadsheet(bytes, 'csv'));
  throw new AppError('survey.file_unsupported', { internal: `not a zip, XML or CSV: ${fileName.slice(0, 100)}` });
}

/** The kind a survey file is stored under (survey.response_files.kind). */
export function surveyFileKind(doc: SurveyDocument): SurveyFileKind {
  return doc.format === 'iec62474' ? 'chemsherpa' : doc.format;
}
