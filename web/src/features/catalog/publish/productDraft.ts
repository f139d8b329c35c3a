import { PROCESSING_METHODS, type Component, type Product, type ProductForm, type ProductInput, type Property, type RegulatoryFlag } from '../api';
import { normalizeCasNumber } from './casNumber';
import { numberText, parseNumber } from './shared';

/** One composition row as typed (numbers kept as text so nothing typed is lost). */
export interface ComponentDraft {
  /** Stable React key of the row. */
  rowId: string;
  casNumber: string;
  name: string;
  minPct: string;
  maxPct: string;
}

/** One property row as typed. */
export interface PropertyDraft {
  rowId: string;
  key: string;
  name: string;
  valueMin: string;
  valueMax: string;
  valueText: string;
  unit: string;
  testMethod: string;
  conditions: string;
}

/** The product editor's state. */
export interface ProductDraft {
  name: string;
  nameEn: string;
  grade: string;
  brand: string;
  category: string;
  form: ProductForm;
  description: string;
  descriptionEn: string;
  applications: string[];
  /** The suggested methods that are ticked. */
  knownMethods: string[];
  /** Methods typed freely. */
  otherMethods: string[];
  regulatoryFlags: RegulatoryFlag[];
  components: ComponentDraft[];
  properties: PropertyDraft[];
  remarks: string;
  labels: string[];
}

let rowCounter = 0;
/** A fresh key for a new editor row. */
export function newRowId(): string {
  rowCounter += 1;
  return `row-${rowCounter}`;
}

export const EMPTY_DRAFT: ProductDraft = {
  name: '',
  nameEn: '',
  grade: '',
  brand: '',
  category: '',
  form: 'pellet',
  description: '',
  descriptionEn: '',
  applications: [],
  knownMethods: [],
  otherMethods: [],
  regulatoryFlags: [],
  components: [],
  properties: [],
  remarks: '',
  labels: [],
};

const isKnownMethod = (method: string): boolean => (PROCESSING_METHODS as readonly string[]).includes(method);

/** An empty composition row. */
export function emptyComponent(): ComponentDraft {
  return { rowId: newRowId(), casNumber: '', name: '', minPct: '', maxPct: '' };
}

/** An empty property row. */
export function emptyProperty(): PropertyDraft {
  return { rowId: newRowId(), key: '', name: '', valueMin: '', valueMax: '', valueText: '', unit: '', testMethod: '', conditions: '' };
}

function componentDraft(c: Component): ComponentDraft {
  return { rowId: newRowId(), casNumber: c.casNumber ?? '', name: c.name, minPct: numberText(c.minPct), maxPct: numberText(c.maxPct) };
}

function propertyDraft(p: Property): PropertyDraft {
  return {
    rowId: newRowId(),
    key: p.key,
    name: p.name,
    valueMin: numberText(p.valueMin),
    valueMax: numberText(p.valueMax),
    valueText: p.valueText,
    unit: p.unit,
    testMethod: p.testMethod,
    conditions: p.conditions,
  };
}

/** The editor state of a saved product. */
export function draftOf(product: Product): ProductDraft {
  return {
    name: product.name,
    nameEn: product.nameEn,
    grade: product.grade,
    brand: product.brand,
    category: product.category,
    form: product.form,
    description: product.description,
    descriptionEn: product.descriptionEn,
    applications: product.applications,
    knownMethods: product.processingMethods.filter(isKnownMethod),
    otherMethods: product.processingMethods.filter((m) => !isKnownMethod(m)),
    regulatoryFlags: product.regulatoryFlags,
    components: product.components.map(componentDraft),
    properties: (product.properties ?? []).map(propertyDraft),
    remarks: product.remarks ?? '',
    labels: product.labels ?? [],
  };
}

/** Messages for numbers that do not parse, keyed like the server's field paths. */
export function numberProblems(draft: ProductDraft, message: string): Record<string, string> {
  const out: Record<string, string> = {};
  const check = (path: string, text: string) => {
    if (text.trim() !== '' && parseNumber(text) === null) out[path] = message;
  };
  draft.components.forEach((c, i) => {
    check(`components.${i}.minPct`, c.minPct);
    check(`components.${i}.maxPct`, c.maxPct);
  });
  draft.properties.forEach((p, i) => {
    check(`properties.${i}.valueMin`, p.valueMin);
    check(`properties.${i}.valueMax`, p.valueMax);
  });
  return out;
}

/** The API body for the editor state (text trimmed, numbers parsed, CAS numbers normalised). */
export function inputOf(draft: ProductDraft, version: number | undefined): ProductInput {
  return {
    name: draft.name.trim(),
    nameEn: draft.nameEn.trim(),
    grade: draft.grade.trim(),
    brand: draft.brand.trim(),
    category: draft.category,
    form: draft.form,
    description: draft.description.trim(),
    descriptionEn: draft.descriptionEn.trim(),
    applications: draft.applications,
    processingMethods: [...PROCESSING_METHODS.filter((m) => draft.knownMethods.includes(m)), ...draft.otherMethods],
    regulatoryFlags: draft.regulatoryFlags,
    components: draft.components.map((c) => {
      const cas = normalizeCasNumber(c.casNumber);
      return { casNumber: cas === '' ? null : cas, name: c.name.trim(), minPct: parseNumber(c.minPct), maxPct: parseNumber(c.maxPct) };
    }),
    properties: draft.properties.map((p) => ({
      key: p.key,
      name: p.name.trim(),
      valueMin: parseNumber(p.valueMin),
      valueMax: parseNumber(p.valueMax),
      valueText: p.valueText.trim(),
      unit: p.unit.trim(),
      testMethod: p.testMethod.trim(),
      conditions: p.conditions.trim(),
    })),
    remarks: draft.remarks.trim(),
    labels: draft.labels,
    ...(version === undefined ? {} : { version }),
  };
}
