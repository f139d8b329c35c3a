import { AppError } from '../../../core/errors.js';
import type { Composition, Material, PartNode, Substance } from '../shared/composition.js';
import {
  exemptionItems,
  exemptionText,
  fileBoolean,
  fileNumber,
  gramsOf,
  inUnit,
  optionalNumber,
  otherAttributes,
  textOrUndefined,
  validCas,
} from './fileValues.js';
import type { Attributes, BusinessInfo, ComplianceEntry, ComplianceList, SurveyCompany, SurveyDocument, SurveyFileProduct, SurveyPerson } from './surveyDocument.js';
import { childNamed, childrenNamed, XmlWriter, type XmlElement } from './xmlTree.js';

/** The IEC 62474 namespace (chemSHERPA files use it too). */
export const IEC62474_NS = 'http://std.iec.ch/iec62474';
const DEFAULT_SCHEMA_VERSION = 'X8.00ex2.0';
/** Where a child element's attribute is kept in `attributes` when it differs from the default. */
const MATERIAL_ID_AUTHORITY = 'MaterialID@authority';
const ENTRY_ID_AUTHORITY = 'EntryID@authority';
const MASS_UNIT = 'Mass@unitOfMeasure';

// ---------------------------------------------------------------- reading

function person(el: XmlElement | undefined): SurveyPerson | undefined {
  if (!el) return undefined;
  return { name: el.attrs.name ?? '', title: el.attrs.title, email: el.attrs.email, phone: el.attrs.phone };
}

function company(el: XmlElement | undefined): SurveyCompany | undefined {
  if (!el) return undefined;
  const id = childNamed(el, 'UniqueID');
  return { name: el.attrs.name ?? '', uniqueId: id?.attrs.identity, authority: id?.attrs.authority };
}

/** BusinessInfo with its Request or Response (shared with the IPC-1752A reader). */
export function readBusinessInfo(el: XmlElement | undefined): BusinessInfo | undefined {
  if (!el) return undefined;
  const response = childNamed(el, 'Response');
  const body = response ?? childNamed(el, 'Request');
  return {
    mode: el.attrs.mode ?? '',
    kind: response || !body ? 'Response' : 'Request',
    date: body?.attrs.date,
    docId: body?.attrs.docID,
    authorizer: person(childNamed(body, 'Authorizer')),
    contact: person(childNamed(body, 'Contact')),
    supplyCompany: company(childNamed(body, 'SupplyCompany')),
    requestCompany: company(childNamed(body, 'RequestCompany')),
  };
}

function exemptionsOf(el: XmlElement | undefined): { authority?: string | undefined; identity: string }[] {
  return childrenNamed(el ?? { name: '', ns: '', attrs: {}, children: [] }, 'ExemptionID').map((e) => ({ authority: textOrUndefined(e.attrs.authority), identity: e.attrs.identity ?? '' }));
}

function substanceOf(el: XmlElement, trail: string[]): Substance {
  const name = (el.attrs.name ?? '').trim();
  const where = [...trail, name || '?'].join(' / ');
  const ids = childrenNamed(childNamed(el, 'SubstanceID') ?? el, 'EntryID');
  const casEntry = ids.find((e) => (e.attrs.authority ?? 'CAS').toUpperCase() === 'CAS');
  const otherEntry = ids.find((e) => e !== casEntry && textOrUndefined(e.attrs.entryIdentity));
  const cas = casEntry ? validCas(casEntry.attrs.entryIdentity) : undefined;
  const otherId = textOrUndefined(otherEntry?.attrs.entryIdentity);
  const percentText = childNamed(el, 'MassPercent')?.attrs.massPercent;
  const massPercent = percentText === undefined ? Number.NaN : Number(percentText);
  if (!name || (casEntry && !cas) || (!cas && !otherId) || !Number.isFinite(massPercent) || massPercent < 0 || massPercent > 100) {
    throw new AppError('survey.file_substance_invalid', { params: { where }, internal: 'substance without a valid id or mass percent' });
  }
  const attributes: Attributes = { ...otherAttributes(el.attrs, ['name', 'comment']) };
  if (otherEntry?.attrs.authority && otherEntry.attrs.authority !== 'Other') attributes[ENTRY_ID_AUTHORITY] = otherEntry.attrs.authority;
  return {
    name,
    cas: cas ?? null,
    ...(otherId ? { otherId } : {}),
    massPercent,
    ...optional('exemption', exemptionText(exemptionsOf(childNamed(el, 'Exemptions')))),
    ...optional('comment', el.attrs.comment),
    ...(Object.keys(attributes).length ? { attributes } : {}),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function massOf(el: XmlElement | undefined, where: string): { grams: number; unit: string } | undefined {
  const mass = childNamed(el, 'Mass');
  if (!mass || mass.attrs.mass === undefined) return undefined;
  const unit = (mass.attrs.unitOfMeasure ?? 'g').trim();
  return { grams: gramsOf(fileNumber(mass.attrs.mass, where), unit, where), unit };
}

function materialOf(el: XmlElement, trail: string[]): Material {
  const name = (el.attrs.name ?? '').trim();
  const here = [...trail, name || '?'];
  if (!name) throw new AppError('survey.file_content_invalid', { params: { where: here.join(' / ') }, internal: 'material without a name' });
  const materialId = childNamed(el, 'MaterialID');
  const mass = massOf(el, here.join(' / '));
  const attributes: Attributes = { ...otherAttributes(el.attrs, ['name', 'comment']) };
  if (materialId?.attrs.authority && materialId.attrs.authority !== 'chemSHERPA') attributes[MATERIAL_ID_AUTHORITY] = materialId.attrs.authority;
  if (mass && mass.unit !== 'g') attributes[MASS_UNIT] = mass.unit;
  return {
    name,
    ...optional('materialClass', textOrUndefined(childNamed(el, 'MaterialClassID')?.attrs.identity)),
    ...optional('materialId', textOrUndefined(materialId?.attrs.identity)),
    massG: mass?.grams ?? null,
    substances: childrenNamed(el, 'Substance').map((s) => substanceOf(s, here)),
    ...optional('comment', el.attrs.comment),
    ...(Object.keys(attributes).length ? { attributes } : {}),
  };
}

function partOf(el: XmlElement, trail: string[]): PartNode {
  const name = (el.attrs.name ?? '').trim();
  const here = [...trail, name || '?'];
  if (!name) throw new AppError('survey.file_content_invalid', { params: { where: here.join(' / ') }, internal: 'part without a name' });
  const units = el.attrs.numberOfUnits === undefined ? 1 : fileNumber(el.attrs.numberOfUnits, here.join(' / '));
  if (!(units > 0)) throw new AppError('survey.file_content_invalid', { params: { where: here.join(' / ') }, internal: 'numberOfUnits not positive' });
  const mass = massOf(el, here.join(' / '));
  const attributes: Attributes = { ...otherAttributes(el.attrs, ['name', 'numberOfUnits', 'isArticle', 'comment']) };
  if (mass && mass.unit !== 'g') attributes[MASS_UNIT] = mass.unit;
  return {
    name,
    ...optional('partNumber', textOrUndefined(childNamed(el, 'ProductPartID')?.attrs.identity)),
    numberOfUnits: units,
    isArticle: fileBoolean(el.attrs.isArticle, true),
    ...(mass ? { massG: mass.grams } : {}),
    parts: childrenNamed(el, 'ProductPart').map((p) => partOf(p, here)),
    materials: childrenNamed(el, 'Material').map((m) => materialOf(m, here)),
    ...optional('comment', el.attrs.comment),
    ...(Object.keys(attributes).length ? { attributes } : {}),
  };
}

function complianceOf(el: XmlElement | undefined, trail: string): ComplianceList[] | undefined {
  if (!el) return undefined;
  return childrenNamed(el, 'DeclarableSubstanceGroupList').map((list) => ({
    listId: list.attrs.identity ?? '',
    authority: list.attrs.authority,
    version: list.attrs.version,
    entries: childrenNamed(list, 'DsDsg').map((d): ComplianceEntry => {
      const t = childNamed(d, 'ComplianceThreshold');
      const where = `${trail} / ${d.attrs.name ?? d.attrs.identity ?? '?'}`;
      const mass = t?.attrs.mass === undefined ? undefined : gramsOf(fileNumber(t.attrs.mass, where), t.attrs.unitOfMeasure, where);
      return {
        name: d.attrs.name ?? '',
        id: d.attrs.identity,
        aboveThreshold: fileBoolean(t?.attrs.aboveThreshold, false),
        massG: mass,
        massPercent: optionalNumber(t?.attrs.massPercent, where),
        exemptions: exemptionsOf(childNamed(t ?? d, 'Exemptions')).map((e) => (e.authority ? `${e.authority} ${e.identity}` : e.identity)),
        comment: d.attrs.comment,
        attributes: otherAttributes(d.attrs, ['name', 'identity', 'comment']),
      };
    }),
  }));
}

/** One `Product` element of an IEC 62474 file (read as it closes, for large files). */
export function readIecProduct(el: XmlElement): SurveyFileProduct {
  const id = childNamed(el, 'ProductID');
  const productNumber = (id?.attrs.identifier ?? '').trim();
  const name = (id?.attrs.name ?? '').trim() || productNumber;
  if (!productNumber) throw new AppError('survey.file_content_invalid', { params: { where: name || 'Product' }, internal: 'product without an identifier' });
  const mass = massOf(id, name);
  const compositionEl = childNamed(el, 'Composition');
  const list = childNamed(compositionEl, 'DeclarableSubstanceList');
  const partEls = [...childrenNamed(el, 'ProductPart'), ...(compositionEl ? childrenNamed(compositionEl, 'ProductPart') : [])];
  const composition: Composition = { parts: partEls.map((p) => partOf(p, [name])) };
  if (list) composition.substances = childrenNamed(list, 'Substance').map((s) => substanceOf(s, [name]));
  return {
    productNumber,
    name,
    massG: mass?.grams ?? null,
    composition,
    ...(mass ? { massUnit: mass.unit === 'mg' ? 'mg' : 'g' } : {}),
    ...optional('unitType', el.attrs.unitType),
    ...optional('effectiveDate', id?.attrs.effectiveDate),
    ...(list ? { substanceList: { authority: list.attrs.authority, version: list.attrs.version } } : {}),
    ...optional('compliance', complianceOf(childNamed(el, 'Compliance'), name)),
    ...optional('comment', el.attrs.comment),
    ...optional('attributes', otherAttributes(el.attrs, ['unitType', 'comment'])),
  };
}

/** Whether a root element is IEC 62474's `Main`. */
export function isIec62474Root(root: XmlElement): boolean {
  return root.name === 'Main' && root.ns.startsWith(IEC62474_NS);
}

/**
 * Reads an IEC 62474 (chemSHERPA) document from its parsed root element `Main`; `readAlready`
 * are the products read while parsing (taken out of the tree), in file order before the rest.
 */
export function readIec62474(root: XmlElement, readAlready: SurveyFileProduct[] = []): SurveyDocument {
  if (!isIec62474Root(root)) throw new AppError('survey.file_wrong_root', { params: { root: root.name } });
  const include = childNamed(root, 'Include');
  return {
    format: 'iec62474',
    schemaVersion: root.attrs.schemaDatabaseVersion,
    sectionals: include ? childrenNamed(include, 'Sectional').map((s) => s.attrs.nameOfSectional ?? '') : undefined,
    businessInfo: readBusinessInfo(childNamed(root, 'BusinessInfo')),
    products: [...readAlready, ...childrenNamed(root, 'Product').map(readIecProduct)],
    attributes: otherAttributes(root.attrs, ['schemaDatabaseVersion']),
  };
}

// ---------------------------------------------------------------- writing

/** Writes BusinessInfo (shared with the IPC-1752A writer). */
export function writeBusinessInfo(w: XmlWriter, info: BusinessInfo | undefined): void {
  if (!info) return;
  const writePerson = (tag: string, p: SurveyPerson | undefined) => {
    if (p) w.element(tag, { name: p.name, title: p.title, email: p.email, phone: p.phone });
  };
  const writeCompany = (tag: string, c: SurveyCompany | undefined) => {
    if (!c) return;
    if (c.uniqueId === undefined && c.authority === undefined) w.element(tag, { name: c.name });
    else w.element(tag, { name: c.name }, () => w.element('UniqueID', { identity: c.uniqueId, authority: c.authority }));
  };
  w.element('BusinessInfo', { mode: info.mode }, () =>
    w.element(info.kind, { date: info.date, docID: info.docId }, () => {
      writePerson('Authorizer', info.authorizer);
      writePerson('Contact', info.contact);
      writeCompany('SupplyCompany', info.supplyCompany);
      writeCompany('RequestCompany', info.requestCompany);
    }),
  );
}

function writeExemptions(w: XmlWriter, items: { authority?: string | undefined; identity: string }[]): void {
  if (items.length === 0) return;
  w.element('Exemptions', {}, () => {
    for (const e of items) w.element('ExemptionID', { authority: e.authority, identity: e.identity });
  });
}

function withoutKeys(attributes: Attributes | undefined, keys: string[]): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attributes ?? {})) if (!keys.includes(k)) out[k] = v;
  return out;
}

function writeMass(w: XmlWriter, grams: number | null | undefined, unit: string | undefined): void {
  if (grams === null || grams === undefined) return;
  const u = unit === 'mg' ? 'mg' : 'g';
  w.element('Mass', { mass: inUnit(grams, u), unitOfMeasure: u });
}

function writeSubstance(w: XmlWriter, s: Substance): void {
  w.element('Substance', { name: s.name, comment: s.comment, ...withoutKeys(s.attributes, [ENTRY_ID_AUTHORITY]) }, () => {
    w.element('SubstanceID', {}, () => {
      if (s.cas) w.element('EntryID', { entryIdentity: s.cas, authority: 'CAS' });
      if (s.otherId) w.element('EntryID', { entryIdentity: s.otherId, authority: s.attributes?.[ENTRY_ID_AUTHORITY] ?? 'Other' });
    });
    w.element('MassPercent', { massPercent: s.massPercent });
    writeExemptions(w, exemptionItems(s.exemption));
  });
}

function writeMaterial(w: XmlWriter, m: Material): void {
  w.element('Material', { name: m.name, comment: m.comment, ...withoutKeys(m.attributes, [MATERIAL_ID_AUTHORITY, MASS_UNIT]) }, () => {
    if (m.materialId) w.element('MaterialID', { identity: m.materialId, authority: m.attributes?.[MATERIAL_ID_AUTHORITY] ?? 'chemSHERPA' });
    if (m.materialClass) w.element('MaterialClassID', { identity: m.materialClass, authority: 'IEC62474' });
    writeMass(w, m.massG, m.attributes?.[MASS_UNIT]);
    for (const s of m.substances) writeSubstance(w, s);
  });
}

function writePart(w: XmlWriter, p: PartNode): void {
  w.element('ProductPart', { name: p.name, numberOfUnits: p.numberOfUnits, isArticle: p.isArticle, comment: p.comment, ...withoutKeys(p.attributes, [MASS_UNIT]) }, () => {
    if (p.partNumber) w.element('ProductPartID', { identity: p.partNumber });
    writeMass(w, p.massG, p.attributes?.[MASS_UNIT]);
    for (const m of p.materials) writeMaterial(w, m);
    for (const child of p.parts) writePart(w, child);
  });
}

function writeCompliance(w: XmlWriter, lists: ComplianceList[] | undefined): void {
  if (!lists) return;
  w.element('Compliance', {}, () => {
    for (const list of lists) {
      w.element('DeclarableSubstanceGroupList', { identity: list.listId, authority: list.authority, version: list.version }, () => {
        for (const e of list.entries) {
          w.element('DsDsg', { name: e.name, identity: e.id, comment: e.comment, ...e.attributes }, () => {
            const exemptions = exemptionItems(e.exemptions.join('; '));
            const attrs = { aboveThreshold: e.aboveThreshold, mass: e.massG, unitOfMeasure: e.massG === undefined ? undefined : 'g', massPercent: e.massPercent };
            if (exemptions.length) w.element('ComplianceThreshold', attrs, () => writeExemptions(w, exemptions));
            else w.element('ComplianceThreshold', attrs);
          });
        }
      });
    }
  });
}

function writeProduct(w: XmlWriter, p: SurveyFileProduct): void {
  w.element('Product', { unitType: p.unitType ?? 'each', comment: p.comment, ...p.attributes }, () => {
    const idAttrs = { name: p.name, identifier: p.productNumber, effectiveDate: p.effectiveDate };
    if (p.massG === null) w.element('ProductID', idAttrs);
    else w.element('ProductID', idAttrs, () => writeMass(w, p.massG, p.massUnit));
    const substances = p.composition.substances;
    if (substances !== undefined) {
      w.element('Composition', { isFMD: false }, () =>
        w.element('DeclarableSubstanceList', { authority: p.substanceList?.authority ?? 'chemSHERPA', version: p.substanceList?.version }, () => {
          for (const s of substances) writeSubstance(w, s);
        }),
      );
    }
    for (const part of p.composition.parts) writePart(w, part);
    writeCompliance(w, p.compliance);
  });
}

/** Writes a survey document as IEC 62474 XML (the form chemSHERPA files hold). */
export function writeIec62474(doc: SurveyDocument): Buffer {
  const w = new XmlWriter();
  const sectionals = doc.sectionals ?? ['Composition', ...(doc.products.some((p) => p.compliance?.length) ? ['Compliance'] : [])];
  w.element('Main', { xmlns: IEC62474_NS, schemaDatabaseVersion: doc.format === 'iec62474' ? (doc.schemaVersion ?? DEFAULT_SCHEMA_VERSION) : DEFAULT_SCHEMA_VERSION, ...doc.attributes }, () => {
    w.element('Include', {}, () => {
      for (const s of sectionals) w.element('Sectional', { nameOfSectional: s });
    });
    writeBusinessInfo(w, doc.businessInfo);
    for (const p of doc.products) writeProduct(w, p);
  });
  return w.toBuffer();
}
