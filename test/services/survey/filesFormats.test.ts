import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { casNumbersOf } from '../../../src/services/survey/shared/composition.js';
import { writeChemSherpaZip, writeIec62474, writeIpc1752a, writeSpreadsheet } from '../../../src/services/survey/files/index.js';
import { parseSurveyFile } from '../../../src/services/survey/files/surveyDocument.js';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name));

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

describe('IEC 62474 / chemSHERPA files', () => {
  it('reads an article file: business info, nested parts, fractional units, units kept, exemptions, compliance, comments and unknown attributes', async () => {
    const doc = await parseSurveyFile(fixture('article-ai.xml'), 'panel.xml');
    expect(doc.format).toBe('iec62474');
    expect(doc.schemaVersion).toBe('X8.00ex2.0');
    expect(doc.sectionals).toEqual(['Composition', 'Compliance']);
    expect(doc.attributes).toEqual({ toolVersion: 'fixture-1' });
    expect(doc.businessInfo).toMatchObject({
      mode: 'Distribution',
      kind: 'Response',
      date: '2026-11-20',
      docId: 'FX-AI-0001',
      authorizer: { name: '品質保証部 部長', email: 'qa@supplier.example' },
      supplyCompany: { name: '東邦樹脂株式会社', uniqueId: '123456789', authority: 'DUNS' },
      requestCompany: { name: '日本電機株式会社' },
    });
    const [product] = doc.products;
    expect(product).toMatchObject({ productNumber: 'PNL-100', name: '操作パネル', massG: 152.5, massUnit: 'mg', unitType: 'each', effectiveDate: '2026-10-01', comment: '@A01@B02' });
    const casing = product!.composition.parts[0]!;
    expect(casing).toMatchObject({ name: '筐体', partNumber: 'CASE-1', numberOfUnits: 1, isArticle: true, comment: '@P01' });
    expect(casing.materials[0]).toMatchObject({ name: 'ABS樹脂', materialId: 'M-ABS-01', materialClass: 'M-202', massG: 120, comment: '@M01', attributes: { colour: 'black' } });
    const screw = casing.parts[0]!;
    expect(screw).toMatchObject({ name: 'ねじ', numberOfUnits: 4 });
    expect(screw.materials[0]!.massG).toBe(1.25);
    expect(screw.materials[0]!.substances[2]).toMatchObject({ name: '鉛', cas: '7439-92-1', massPercent: 3.5, exemption: 'EU RoHS 6(c); ELV 3' });
    expect(product!.composition.parts[1]).toMatchObject({ name: 'ラベル', numberOfUnits: 0.5, isArticle: false });
    expect(product!.compliance![0]).toMatchObject({ listId: 'D29.00', version: '29.00' });
    expect(product!.compliance![0]!.entries[0]).toMatchObject({ name: '鉛及びその化合物', aboveThreshold: true, massG: 0.175, massPercent: 0.1148, exemptions: ['EU RoHS 6(c)'] });
    expect(product!.compliance![0]!.entries[1]).toMatchObject({ aboveThreshold: false, comment: '@C01' });
    expect(casNumbersOf(product!.composition)).toEqual(['1309-64-4', '7439-92-1', '7440-50-8', '7440-66-6', '9003-56-9', '9004-34-6']);
  });

  it('reads a chemical (mixture) file: the substances sit on the product, ids other than CAS kept', async () => {
    const doc = await parseSurveyFile(fixture('mixture-ci.xml'), 'resin.xml');
    const [product] = doc.products;
    expect(product!.composition.parts).toEqual([]);
    expect(product!.substanceList).toEqual({ authority: 'chemSHERPA', version: '2.08.00' });
    expect(product!.composition.substances).toHaveLength(3);
    expect(product!.composition.substances![1]).toMatchObject({ cas: null, otherId: 'CS-GRP-0042', massPercent: 12, attributes: { 'EntryID@authority': 'chemSHERPA' } });
    expect(product!.composition.substances![0]!.comment).toBe('@R1');
  });

  it('round-trips article and chemical files through XML and the chemSHERPA zip, keeping every value', async () => {
    for (const name of ['article-ai.xml', 'mixture-ci.xml']) {
      const doc = await parseSurveyFile(fixture(name), name);
      const again = await parseSurveyFile(writeIec62474(doc), 'again.xml');
      expect(again).toEqual(doc);
      const zipped = await parseSurveyFile(writeChemSherpaZip(doc), 'again.shai');
      expect(zipped).toEqual(doc);
    }
  });

  it('writes mg masses back as given', async () => {
    const xml = writeIec62474(await parseSurveyFile(fixture('article-ai.xml'), 'a.xml')).toString('utf8');
    expect(xml).toContain('<Mass mass="152500" unitOfMeasure="mg"/>');
    expect(xml).toContain('<Mass mass="1250" unitOfMeasure="mg"/>');
    expect(xml).toContain('comment="@A01@B02"');
  });
});

describe('IPC-1752A files', () => {
  it('reads class C as compliance and class D as homogeneous materials', async () => {
    const c = await parseSurveyFile(fixture('ipc-class-c.xml'), 'c.xml');
    expect(c.format).toBe('ipc1752a');
    expect(c.ipcClasses).toEqual(['C']);
    expect(c.products[0]!.composition.parts).toEqual([]);
    expect(c.products[0]!.compliance![0]).toMatchObject({ listId: 'EUREACH-0624', version: '2024-06' });
    expect(c.products[0]!.compliance![0]!.entries[0]).toMatchObject({ name: 'Lead', id: '7439-92-1', aboveThreshold: true, massG: 0.004, massPercent: 0.125, exemptions: ['EU RoHS 7(c)-I'] });

    const d = await parseSurveyFile(fixture('ipc-class-d.xml'), 'd.xml');
    expect(d.ipcClasses).toEqual(['C', 'D']);
    const [product] = d.products;
    expect(product).toMatchObject({ productNumber: 'CON-20P', massG: 3.2, massUnit: 'mg', effectiveDate: '2026-08-01' });
    const materials = product!.composition.parts[0]!.materials;
    expect(materials.map((m) => [m.name, m.massG, m.materialClass])).toEqual([
      ['PBT GF30', 2.5, 'M-202'],
      ['Phosphor bronze plating', 0.7, undefined],
    ]);
    expect(materials[1]!.substances[0]).toMatchObject({ name: 'Copper', cas: '7440-50-8', massPercent: 94, comment: 'base' });
  });

  it('round-trips class C and class D, keeping every value', async () => {
    const c = await parseSurveyFile(fixture('ipc-class-c.xml'), 'c.xml');
    expect(await parseSurveyFile(writeIpc1752a(c, 'C'), 'c2.xml')).toEqual(c);
    const d = await parseSurveyFile(fixture('ipc-class-d.xml'), 'd.xml');
    expect(await parseSurveyFile(writeIpc1752a(d, 'D'), 'd2.xml')).toEqual(d);
  });

  it('flattens nested parts into homogeneous materials with masses per product', async () => {
    const ai = await parseSurveyFile(fixture('article-ai.xml'), 'a.xml');
    const d = await parseSurveyFile(writeIpc1752a(ai, 'D'), 'd.xml');
    const materials = d.products[0]!.composition.parts[0]!.materials;
    expect(materials.map((m) => [m.name, m.massG])).toEqual([
      ['ABS樹脂', 120],
      ['黄銅', 5],
      ['紙', 1],
    ]);
    expect(casNumbersOf(d.products[0]!.composition)).toEqual(casNumbersOf(ai.products[0]!.composition));
    expect(d.products[0]!.compliance).toEqual(ai.products[0]!.compliance);
  });
});

describe('CSV and Excel files', () => {
  it('reads one row per substance with Japanese headers: nested part paths, units, mixtures', async () => {
    const doc = await parseSurveyFile(fixture('products.csv'), 'products.csv');
    expect(doc.products.map((p) => p.productNumber)).toEqual(['PNL-200', 'INK-9']);
    const [panel, ink] = doc.products;
    expect(panel!.massG).toBe(80);
    const casing = panel!.composition.parts[0]!;
    expect(casing.materials[0]).toMatchObject({ name: 'PC樹脂', materialClass: 'M-203', massG: 70 });
    expect(casing.parts[0]).toMatchObject({ name: 'ねじ', numberOfUnits: 2 });
    expect(casing.parts[0]!.materials[0]!.substances[2]).toMatchObject({ cas: '7439-92-1', massPercent: 3, exemption: 'EU RoHS 6(c)' });
    expect(ink!.composition.substances).toHaveLength(2);
  });

  it('reads English headers too', async () => {
    const csv = 'product_number,product_name,part_path,part_units,material_name,substance_name,cas,mass_percent\nP-1,部品,本体,3,鉄,鉄,7439-89-6,100\n';
    const doc = await parseSurveyFile(Buffer.from(csv), 'en.csv');
    expect(doc.products[0]!.composition.parts[0]).toMatchObject({ name: '本体', numberOfUnits: 3 });
  });

  it('round-trips CSV and Excel, keeping every value', async () => {
    const doc = await parseSurveyFile(fixture('products.csv'), 'products.csv');
    expect(await parseSurveyFile(await writeSpreadsheet(doc, 'csv'), 'again.csv')).toEqual(doc);
    expect(await parseSurveyFile(await writeSpreadsheet(doc, 'xlsx'), 'again.xlsx')).toEqual(doc);
  });

  it('writes an IEC 62474 document as rows and reads the same tree back', async () => {
    const ai = await parseSurveyFile(fixture('article-ai.xml'), 'a.xml');
    const back = await parseSurveyFile(await writeSpreadsheet(ai, 'csv'), 'ai.csv');
    expect(casNumbersOf(back.products[0]!.composition)).toEqual(casNumbersOf(ai.products[0]!.composition));
    expect(back.products[0]!.composition.parts[0]!.parts[0]!.numberOfUnits).toBe(4);
    expect(back.products[0]!.composition.parts[1]!.numberOfUnits).toBe(0.5);
  });

  it('refuses a substance row without CAS number or percent, and a file without products', async () => {
    const header = 'product_number,product_name,part_path,material_name,substance_name,cas,mass_percent\n';
    expect(await refusal(parseSurveyFile(Buffer.from(`${header}P-1,x,本体,鉄,鉄,,100\n`), 'a.csv'))).toBe('survey.file_substance_invalid');
    expect(await refusal(parseSurveyFile(Buffer.from(`${header}P-1,x,本体,鉄,鉄,7439-89-6,\n`), 'a.csv'))).toBe('survey.file_substance_invalid');
    expect(await refusal(parseSurveyFile(Buffer.from(`${header}P-1,x,本体,鉄,鉄,7439-89-5,100\n`), 'a.csv'))).toBe('survey.file_substance_invalid');
    expect(await refusal(parseSurveyFile(Buffer.from(header), 'a.csv'))).toBe('survey.file_empty');
  });
});
