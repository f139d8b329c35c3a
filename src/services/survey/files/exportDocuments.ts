import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { XLSX_TYPE } from '../../../platform/tables/index.js';
import type { Composition } from '../shared/composition.js';
import { chemSherpaFileName, writeChemSherpaZip } from './index.js';
import { writeIec62474 } from './iec62474.js';
import { writeIpc1752a } from './ipc1752a.js';
import { findResponse, presentResponse, productsOf } from '../requests/requestViews.js';
import { writeSpreadsheet } from './spreadsheet.js';
import type { BusinessInfo, ComplianceList, SurveyDocument } from './surveyDocument.js';

export const EXPORT_FORMATS = ['chemsherpa', 'iec62474', 'ipc1752a_c', 'ipc1752a_d', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A file ready to download. */
export interface ExportedFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** The date in Japan (YYYY-MM-DD), as the files' dates are read by people there. */
const jstDate = (now: Date) => new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);

/** A name safe in any file system: the product number's letters, digits and - _ . kept. */
const fileBase = (text: string) => text.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 80) || 'survey';

interface SettingsRow {
  company_name: string;
  company_id: string;
  company_id_authority: string;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
}

async function ownSettings(tx: Tx, tenantId: string): Promise<SettingsRow | undefined> {
  const { rows } = await tx.query<SettingsRow>(
    `SELECT company_name, company_id, company_id_authority, contact_name, contact_email, contact_phone FROM survey.settings WHERE tenant_id = $1`,
    [tenantId],
  );
  return rows[0];
}

const blankToUndefined = (s: string | undefined) => (s ? s : undefined);

/** A product under survey as a document, the tenant as the supplying company (from its settings). */
export async function productDocument(tx: Tx, tenantId: string, tenantName: string, productId: string, now: Date): Promise<SurveyDocument> {
  const { rows } = await tx.query<{ product_number: string; name: string; mass_g: string | null; unit_type: string; composition: Composition }>(
    `SELECT product_number, name, mass_g, unit_type, composition FROM survey.products WHERE id = $1`,
    [productId],
  );
  const product = rows[0];
  if (!product) throw new AppError('survey.file_product_not_found', { internal: `product ${productId} not visible` });
  const settings = await ownSettings(tx, tenantId);
  const businessInfo: BusinessInfo = {
    mode: 'Distribution',
    kind: 'Response',
    date: jstDate(now),
    docId: `${product.product_number}-${jstDate(now).replaceAll('-', '')}`,
    ...(settings?.contact_name ? { contact: { name: settings.contact_name, email: blankToUndefined(settings.contact_email), phone: blankToUndefined(settings.contact_phone) } } : {}),
    supplyCompany: { name: settings?.company_name || tenantName, uniqueId: blankToUndefined(settings?.company_id), authority: blankToUndefined(settings?.company_id_authority) },
  };
  return {
    format: 'iec62474',
    businessInfo,
    products: [
      {
        productNumber: product.product_number,
        name: product.name,
        massG: product.mass_g === null ? null : Number(product.mass_g),
        unitType: product.unit_type,
        composition: product.composition,
      },
    ],
  };
}

/** A response as a document: the responder as the supplying company, its authorizer and contact, its declarations on every product. */
export async function responseDocument(tx: Tx, responseId: string): Promise<{ doc: SurveyDocument; base: string }> {
  const row = await findResponse(tx, responseId);
  const r = await presentResponse(tx, row);
  const { rows } = await tx.query<{ requester_name: string; title: string }>(`SELECT requester_name, title FROM survey.requests WHERE id = $1`, [r.requestId]);
  const compliance: ComplianceList[] = r.compliance.map((list) => ({
    listId: list.listCode,
    version: blankToUndefined(list.versionLabel),
    entries: list.declarations.map((d) => ({
      name: d.name,
      id: d.cas ?? undefined,
      aboveThreshold: d.aboveThreshold,
      massPercent: d.massPercent ?? undefined,
      exemptions: d.exemption ? [d.exemption] : [],
    })),
  }));
  const date = r.sentAt ?? r.approvedAt ?? r.updatedAt;
  const doc: SurveyDocument = {
    format: 'iec62474',
    businessInfo: {
      mode: 'Distribution',
      kind: 'Response',
      date: jstDate(new Date(date)),
      docId: r.id,
      ...(r.authorizerName ? { authorizer: { name: r.authorizerName } } : {}),
      ...(r.contact.name ? { contact: { name: r.contact.name, email: blankToUndefined(r.contact.email), phone: blankToUndefined(r.contact.phone) } } : {}),
      ...(r.responderCompany ? { supplyCompany: { name: r.responderCompany } } : {}),
      ...(rows[0] ? { requestCompany: { name: rows[0].requester_name } } : {}),
    },
    products: productsOf(row).map((p) => ({
      productNumber: p.productNumber,
      name: p.name,
      massG: p.massG,
      composition: p.composition,
      ...(compliance.length ? { compliance } : {}),
    })),
  };
  return { doc, base: fileBase(rows[0]?.title ?? `response-${r.id.slice(0, 8)}`) };
}

/** A document as a file of the format asked for. */
export async function renderDocument(doc: SurveyDocument, format: ExportFormat, base: string): Promise<ExportedFile> {
  const name = fileBase(base);
  switch (format) {
    case 'chemsherpa':
      return { name: chemSherpaFileName(doc, name), contentType: 'application/zip', bytes: writeChemSherpaZip(doc) };
    case 'iec62474':
      return { name: `${name}.xml`, contentType: 'application/xml', bytes: writeIec62474(doc) };
    case 'ipc1752a_c':
      return { name: `${name}-ipc1752a-c.xml`, contentType: 'application/xml', bytes: writeIpc1752a(doc, 'C') };
    case 'ipc1752a_d':
      return { name: `${name}-ipc1752a-d.xml`, contentType: 'application/xml', bytes: writeIpc1752a(doc, 'D') };
    case 'csv':
      return { name: `${name}.csv`, contentType: 'text/csv; charset=utf-8', bytes: await writeSpreadsheet(doc, 'csv') };
    case 'xlsx':
      return { name: `${name}.xlsx`, contentType: XLSX_TYPE, bytes: await writeSpreadsheet(doc, 'xlsx') };
  }
}

/** The base of a product file's name. */
export function productFileBase(doc: SurveyDocument): string {
  return fileBase(doc.products[0]?.productNumber ?? 'product');
}
