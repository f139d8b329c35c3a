import { AppError } from '../../../core/errors.js';
import type { Material, PartNode, Substance } from '../shared/composition.js';
import { fileBoolean, fileNumber, gramsOf, inUnit, optionalNumber, otherAttributes, textOrUndefined, validCas } from './fileValues.js';
import { readBusinessInfo, writeBusinessInfo } from './iec62474.js';
import type { Attributes, ComplianceList, SurveyDocument, SurveyFileProduct } from './surveyDocument.js';
import { childNamed, childrenNamed, XmlWriter, type XmlElement } from './xmlTree.js';

/** The IPC-1752A 2.0 namespace. */
export const IPC1752A_NS = 'http://webstds.ipc.org/175x/2.0';
const MASS_UNIT = 'Mass@unitOfMeasure';

// ---------------------------------------------------------------- reading

function amountOf(el: XmlElement | undefined, where: string): { grams: number; unit: string } | undefined {
  const amount = childNamed(el, 'Amount');
  if (!amount || amount.attrs.value === undefined) return undefined;
  const unit = (amount.attrs.UOM ?? 'g').trim();
  return { grams: gramsOf(fileNumber(amount.attrs.value, where), unit, where), unit };
}

function substanceOf(el: XmlElement, trail: string[]): Substance {
  const name = (el.attrs.name ?? '').trim();
  const where = [...trail, name || '?'].join(' / ');
  const id = childNamed(el, 'SubstanceID');
  const authority = (id?.attrs.authority ?? 'CAS').trim();
  const identity = textOrUndefined(id?.attrs.identity);
  const cas = authority.toUpperCase() === 'CAS' ? validCas(identity) : undefined;
  const otherId = authority.toUpperCase() === 'CAS' ? undefined : identity;
  const percentText = childNamed(el, 'Concentration')?.attrs.value;
  const massPercent = percentText === undefined ? Number.NaN : Number(percentText);
  if (!name || (!cas && !otherId) || !Number.isFinite(massPercent) || massPercent < 0 || massPercent > 100) {
    throw new AppError('survey.file_substance_invalid', { params: { where }, internal: 'IPC-1752A substance without a valid id or concentration' });
  }
  const attributes: Attributes = { ...otherAttributes(el.attrs, ['name', 'exemption', 'comment']) };
  if (otherId) attributes['EntryID@authority'] = authority;
  return {
    name,
    cas: cas ?? null,
    ...(otherId ? { otherId } : {}),
    massPercent,
    ...(el.attrs.exemption ? { exemption: el.attrs.exemption } : {}),
    ...(el.attrs.comment !== undefined ? { comment: el.attrs.comment } : {}),
    ...(Object.keys(attributes).length ? { attributes } : {}),
  };
}

function materialOf(el: XmlElement, trail: string[]): Material {
  const name = (el.attrs.name ?? '').trim();
  const here = [...trail, name || '?'];
  if (!name) throw new AppError('survey.file_content_invalid', { params: { where: here.join(' / ') }, internal: 'homogeneous material without a name' });
  const amount = amountOf(el, here.join(' / '));
  const attributes: Attributes = { ...otherAttributes(el.attrs, ['name', 'materialClass', 'materialId', 'comment']) };
  if (amount && amount.unit !== 'g') attributes[MASS_UNIT] = amount.unit;
  return {
    name,
    ...(el.attrs.materialClass ? { materialClass: el.attrs.materialClass } : {}),
    ...(el.attrs.materialId ? { materialId: el.attrs.materialId } : {}),
    massG: amount?.grams ?? null,
    substances: childrenNamed(el, 'Substance').map((s) => substanceOf(s, here)),
    ...(el.attrs.comment !== undefined ? { comment: el.attrs.comment } : {}),
    ...(Object.keys(attributes).length ? { attributes } : {}),
  };
}

function categoryListsOf(info: XmlElement | undefined, trail: string): ComplianceList[] | undefined {
  const lists = info ? childrenNamed(info, 'SubstanceCategoryList') : [];
  if (lists.length === 0) return undefined;
  return lists.map((list) => {
    const id = childNamed(list, 'SubstanceCategoryListID');
    return {
      listId: id?.attrs.identity ?? '',
      authority: id?.attrs.authority,
      version: id?.attrs.version,
      entries: childrenNamed(list, 'SubstanceCategory').map((c) => {
        const t = childNamed(c, 'Threshold');
        const where = `${trail} / ${c.attrs.name ?? '?'}`;
        return {
          name: c.attrs.name ?? '',
          id: c.attrs.identity,
          aboveThreshold: fileBoolean(t?.attrs.overThreshold, false),
          massG: amountOf(t, where)?.grams,
          massPercent: optionalNumber(childNamed(t, 'Concentration')?.attrs.value, where),
          exemptions: (t ? childrenNamed(t, 'Exemption') : []).map((e) => (e.attrs.authority ? `${e.attrs.authority} ${e.attrs.identity ?? ''}` : (e.attrs.identity ?? ''))),
          comment: c.attrs.comment,
          attributes: otherAttributes(c.attrs, ['name', 'identity', 'comment']),
        };
      }),
    };
  });
}

function productOf(el: XmlElement, info: XmlElement | undefined, classes: Set<'C' | 'D'>): SurveyFileProduct {
  const id = childNamed(el, 'ProductID');
  const productNumber = (id?.attrs.itemNumber ?? '').trim();
  const name = (id?.attrs.itemName ?? '').trim() || productNumber;
  if (!productNumber) throw new AppError('survey.file_content_invalid', { params: { where: name || 'Product' }, internal: 'product without an itemNumber' });
  const amount = amountOf(id, name);
  const materialList = childNamed(info, 'HomogeneousMaterialList');
  if (materialList) classes.add('D');
  const compliance = categoryListsOf(info, name);
  if (compliance) classes.add('C');
  const parts: PartNode[] = materialList
    ? [{ name, numberOfUnits: 1, isArticle: true, parts: [], materials: childrenNamed(materialList, 'HomogeneousMaterial').map((m) => materialOf(m, [name])) }]
    : [];
  return {
    productNumber,
    name,
    massG: amount?.grams ?? null,
    composition: { parts },
    ...(amount ? { massUnit: amount.unit === 'mg' ? 'mg' : 'g' } : {}),
    ...(el.attrs.unitType !== undefined ? { unitType: el.attrs.unitType } : {}),
    ...(id?.attrs.effectiveDate !== undefined ? { effectiveDate: id.attrs.effectiveDate } : {}),
    ...(compliance ? { compliance } : {}),
    ...(el.attrs.comment !== undefined ? { comment: el.attrs.comment } : {}),
    ...(otherAttributes(el.attrs, ['unitType', 'comment']) ? { attributes: otherAttributes(el.attrs, ['unitType', 'comment']) } : {}),
  };
}

/**
 * Reads an IPC-1752A 2.0 declaration: class C (SubstanceCategoryList → compliance) and class D
 * (HomogeneousMaterialList → one part holding the homogeneous materials). The material info
 * sits in each Product, or once at the root for a declaration of a single product.
 */
export function readIpc1752a(root: XmlElement): SurveyDocument {
  if (root.name !== 'MainDeclaration' || root.ns !== IPC1752A_NS) throw new AppError('survey.file_wrong_root', { params: { root: root.name } });
  const classes = new Set<'C' | 'D'>();
  const rootInfo = childNamed(root, 'MaterialInfo');
  const productEls = childrenNamed(root, 'Product');
  const products = productEls.map((p) => productOf(p, childNamed(p, 'MaterialInfo') ?? (productEls.length === 1 ? rootInfo : undefined), classes));
  return {
    format: 'ipc1752a',
    schemaVersion: root.attrs.version,
    ipcClasses: (['C', 'D'] as const).filter((c) => classes.has(c)),
    businessInfo: readBusinessInfo(childNamed(root, 'BusinessInfo')),
    products,
    attributes: otherAttributes(root.attrs, ['version']),
  };
}

// ---------------------------------------------------------------- writing

function writeAmount(w: XmlWriter, grams: number | null | undefined, unit: string | undefined): void {
  if (grams === null || grams === undefined) return;
  const u = unit === 'mg' ? 'mg' : 'g';
  w.element('Amount', { value: inUnit(grams, u), UOM: u });
}

/** Homogeneous materials of a product: every material of every part, its mass times the units above it. */
function homogeneousMaterials(p: SurveyFileProduct): Material[] {
  const out: Material[] = [];
  const walk = (part: PartNode, factor: number) => {
    const units = factor * part.numberOfUnits;
    for (const m of part.materials) out.push(units === 1 || m.massG === null ? m : { ...m, massG: Number((m.massG * units).toPrecision(15)) });
    for (const child of part.parts) walk(child, units);
  };
  for (const part of p.composition.parts) walk(part, 1);
  if (p.composition.substances?.length) out.push({ name: p.name, massG: p.massG, substances: p.composition.substances });
  return out;
}

function writeMaterialInfo(w: XmlWriter, p: SurveyFileProduct, cls: 'C' | 'D'): void {
  w.element('MaterialInfo', {}, () => {
    for (const list of p.compliance ?? []) {
      w.element('SubstanceCategoryList', {}, () => {
        w.element('SubstanceCategoryListID', { identity: list.listId, authority: list.authority, version: list.version });
        for (const e of list.entries) {
          w.element('SubstanceCategory', { name: e.name, identity: e.id, comment: e.comment, ...e.attributes }, () =>
            w.element('Threshold', { overThreshold: e.aboveThreshold }, () => {
              writeAmount(w, e.massG, 'g');
              if (e.massPercent !== undefined) w.element('Concentration', { value: e.massPercent, UOM: '%' });
              for (const x of e.exemptions) w.element('Exemption', { identity: x });
            }),
          );
        }
      });
    }
    if (cls !== 'D') return;
    w.element('HomogeneousMaterialList', {}, () => {
      for (const m of homogeneousMaterials(p)) {
        const { [MASS_UNIT]: unit, ...rest } = m.attributes ?? {};
        w.element('HomogeneousMaterial', { name: m.name, materialClass: m.materialClass, materialId: m.materialId, comment: m.comment, ...rest }, () => {
          writeAmount(w, m.massG, unit);
          for (const s of m.substances) writeSubstance(w, s, m.massG);
        });
      }
    });
  });
}

function writeSubstance(w: XmlWriter, s: Substance, materialG: number | null): void {
  const { 'EntryID@authority': authority, ...rest } = s.attributes ?? {};
  w.element('Substance', { name: s.name, exemption: s.exemption, comment: s.comment, ...rest }, () => {
    w.element('SubstanceID', s.cas ? { identity: s.cas, authority: 'CAS' } : { identity: s.otherId, authority: authority ?? 'Other' });
    if (materialG !== null) writeAmount(w, Number(((materialG * s.massPercent) / 100).toPrecision(15)), 'g');
    w.element('Concentration', { value: s.massPercent, UOM: '%' });
  });
}

/**
 * Writes an IPC-1752A 2.0 declaration: class C declares against substance category lists only;
 * class D adds the homogeneous materials (nested parts flattened, masses per product).
 */
export function writeIpc1752a(doc: SurveyDocument, cls: 'C' | 'D'): Buffer {
  const w = new XmlWriter();
  const single = doc.products.length === 1;
  w.element('MainDeclaration', { xmlns: IPC1752A_NS, version: '2.0', ...doc.attributes }, () => {
    w.element('Include', {}, () =>
      w.element('Sectional', { name: 'MaterialInfo' }, () => {
        if (cls === 'D' || doc.products.some((p) => p.compliance?.length)) w.element('SubSectional', { name: 'C' });
        if (cls === 'D') w.element('SubSectional', { name: 'D' });
      }),
    );
    writeBusinessInfo(w, doc.businessInfo);
    for (const p of doc.products) {
      w.element('Product', { unitType: p.unitType, comment: p.comment, ...p.attributes }, () => {
        const idAttrs = { itemNumber: p.productNumber, itemName: p.name, effectiveDate: p.effectiveDate };
        if (p.massG === null) w.element('ProductID', idAttrs);
        else w.element('ProductID', idAttrs, () => writeAmount(w, p.massG, p.massUnit));
        if (!single) writeMaterialInfo(w, p, cls);
      });
    }
    const only = doc.products[0];
    if (single && only) writeMaterialInfo(w, only, cls);
  });
  return w.toBuffer();
}
