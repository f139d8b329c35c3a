import { AppError } from '../../../core/errors.js';
import { readTableFile, writeTableFile, XLSX_TYPE } from '../../../platform/tables/index.js';
import type { Material, PartNode, Substance } from '../shared/composition.js';
import { fileNumber, validCas } from './fileValues.js';
import type { SurveyDocument, SurveyFileProduct } from './surveyDocument.js';

/** The columns of a survey spreadsheet: one row per substance, English or Japanese headers. */
export const SURVEY_COLUMNS = [
  { key: 'product_number', ja: '製品番号' },
  { key: 'product_name', ja: '製品名' },
  { key: 'product_mass_g', ja: '製品質量(g)' },
  { key: 'part_path', ja: '部品パス' },
  { key: 'part_units', ja: '部品員数' },
  { key: 'material_name', ja: '材質名' },
  { key: 'material_class', ja: '材質分類' },
  { key: 'material_mass_g', ja: '材質質量(g)' },
  { key: 'substance_name', ja: '物質名' },
  { key: 'cas', ja: 'CAS番号' },
  { key: 'mass_percent', ja: '含有率(%)' },
  { key: 'exemption', ja: '適用除外' },
] as const;

type ColumnKey = (typeof SURVEY_COLUMNS)[number]['key'];
type Row = Record<ColumnKey, string>;

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');

function headerIndex(header: string[]): Map<ColumnKey, number> {
  const index = new Map<ColumnKey, number>();
  header.forEach((h, i) => {
    const f = fold(h);
    const column = SURVEY_COLUMNS.find((c) => fold(c.key) === f || fold(c.ja) === f);
    if (column && !index.has(column.key)) index.set(column.key, i);
  });
  for (const required of ['product_number', 'substance_name'] as const) {
    if (!index.has(required)) throw new AppError('survey.file_content_invalid', { params: { where: required }, internal: `column ${required} missing` });
  }
  return index;
}

/** Reads the rows of a survey spreadsheet into products (rows of one product number form one product). */
export function readSurveyRows(rows: string[][]): SurveyDocument {
  const [header, ...body] = rows;
  if (!header) throw new AppError('survey.file_empty');
  const index = headerIndex(header);
  const products = new Map<string, SurveyFileProduct>();
  body.forEach((cells, i) => {
    const line = i + 2;
    const row = Object.fromEntries(SURVEY_COLUMNS.map((c) => [c.key, (cells[index.get(c.key) ?? -1] ?? '').trim()])) as Row;
    if (Object.values(row).every((v) => v === '')) return;
    const at = (column: ColumnKey) => `#${line} ${column}`;
    if (!row.product_number) throw new AppError('survey.file_content_invalid', { params: { where: at('product_number') } });
    let product = products.get(row.product_number);
    if (!product) {
      product = { productNumber: row.product_number, name: row.product_name || row.product_number, massG: null, composition: { parts: [] } };
      products.set(row.product_number, product);
    }
    if (row.product_mass_g && product.massG === null) product.massG = fileNumber(row.product_mass_g, at('product_mass_g'));

    let part: PartNode | undefined;
    let siblings = product.composition.parts;
    for (const name of row.part_path.split('/').map((s) => s.trim()).filter(Boolean)) {
      part = siblings.find((p) => p.name === name);
      if (!part) {
        part = { name, numberOfUnits: 1, isArticle: true, parts: [], materials: [] };
        siblings.push(part);
      }
      siblings = part.parts;
    }
    if (part && row.part_units) {
      const units = fileNumber(row.part_units, at('part_units'));
      if (!(units > 0)) throw new AppError('survey.file_content_invalid', { params: { where: at('part_units') } });
      part.numberOfUnits = units;
    }

    let material: Material | undefined;
    if (row.material_name) {
      if (!part) throw new AppError('survey.file_content_invalid', { params: { where: at('part_path') }, internal: 'material without a part' });
      material = part.materials.find((m) => m.name === row.material_name);
      if (!material) {
        material = { name: row.material_name, massG: null, substances: [] };
        part.materials.push(material);
      }
      if (row.material_class) material.materialClass = row.material_class;
      if (row.material_mass_g) material.massG = fileNumber(row.material_mass_g, at('material_mass_g'));
    }

    if (!row.substance_name) return;
    const cas = validCas(row.cas);
    const percent = row.mass_percent === '' ? Number.NaN : Number(row.mass_percent);
    if (!cas || !Number.isFinite(percent) || percent < 0 || percent > 100) {
      throw new AppError('survey.file_substance_invalid', { params: { where: `#${line} ${row.substance_name}` }, internal: 'spreadsheet substance without CAS or percent' });
    }
    const substance: Substance = { name: row.substance_name, cas, massPercent: percent, ...(row.exemption ? { exemption: row.exemption } : {}) };
    if (material) material.substances.push(substance);
    else if (!part) (product.composition.substances ??= []).push(substance);
    else throw new AppError('survey.file_content_invalid', { params: { where: at('material_name') }, internal: 'substance in a part without a material' });
  });
  return { format: 'spreadsheet', products: [...products.values()] };
}

/** Reads a survey CSV or Excel file (already checked as a safe ZIP when Excel). */
export async function readSpreadsheet(bytes: Buffer, format: 'csv' | 'xlsx'): Promise<SurveyDocument> {
  const table = await readTableFile(bytes, format === 'xlsx' ? XLSX_TYPE : 'text/csv', 'survey.file_unreadable');
  return readSurveyRows(table.rows);
}

const num = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

/** The rows of a survey spreadsheet for a document (header first, Japanese column names). */
export function surveyRows(doc: SurveyDocument): string[][] {
  const rows: string[][] = [SURVEY_COLUMNS.map((c) => c.ja)];
  const push = (r: Partial<Row>) => rows.push(SURVEY_COLUMNS.map((c) => r[c.key] ?? ''));
  for (const p of doc.products) {
    const base = { product_number: p.productNumber, product_name: p.name, product_mass_g: num(p.massG) };
    const substanceCells = (s: Substance) => ({ substance_name: s.name, cas: s.cas ?? '', mass_percent: String(s.massPercent), exemption: s.exemption ?? '' });
    let wrote = false;
    for (const s of p.composition.substances ?? []) {
      push({ ...base, ...substanceCells(s) });
      wrote = true;
    }
    const walk = (part: PartNode, trail: string[]) => {
      const path = [...trail, part.name];
      const partCells = { ...base, part_path: path.join('/'), part_units: String(part.numberOfUnits) };
      if (part.materials.length === 0) push(partCells);
      for (const m of part.materials) {
        const materialCells = { ...partCells, material_name: m.name, material_class: m.materialClass ?? '', material_mass_g: num(m.massG) };
        if (m.substances.length === 0) push(materialCells);
        for (const s of m.substances) push({ ...materialCells, ...substanceCells(s) });
      }
      wrote = true;
      for (const child of part.parts) walk(child, path);
    };
    for (const part of p.composition.parts) walk(part, []);
    if (!wrote) push(base);
  }
  return rows;
}

/** Writes a survey document as a CSV (UTF-8 with BOM) or Excel spreadsheet, one row per substance. */
export function writeSpreadsheet(doc: SurveyDocument, format: 'csv' | 'xlsx'): Promise<Buffer> {
  return writeTableFile(format, { name: '含有化学物質', rows: surveyRows(doc) });
}
