import { casProblem, normalizeCasNumber } from '../../catalog/publish/casNumber';
import type { Composition, Material, PartNode, Substance } from '../api';
import { numberText, parseNumber } from './numbers';

/**
 * The composition tree as the editor holds it: numbers as typed (so a half-typed "0." is not
 * lost), a stable row id per node for React, and the node as loaded (`base`) so values the
 * editor has no input for (comments, tool attributes, material ids) survive a save.
 */

export interface SubstanceDraft {
  rowId: string;
  name: string;
  cas: string;
  otherId: string;
  massPercent: string;
  exemption: string;
  base?: Substance;
}

export interface MaterialDraft {
  rowId: string;
  name: string;
  materialClass: string;
  massG: string;
  substances: SubstanceDraft[];
  base?: Material;
}

export interface PartDraft {
  rowId: string;
  name: string;
  partNumber: string;
  numberOfUnits: string;
  isArticle: boolean;
  massG: string;
  parts: PartDraft[];
  materials: MaterialDraft[];
  base?: PartNode;
}

export interface CompositionDraft {
  parts: PartDraft[];
  /** A chemical product's own substances (mass percent of the product). */
  substances: SubstanceDraft[];
}

let lastRowId = 0;
const rowId = (): string => {
  lastRowId += 1;
  return `row-${lastRowId}`;
};

export function emptySubstance(): SubstanceDraft {
  return { rowId: rowId(), name: '', cas: '', otherId: '', massPercent: '', exemption: '' };
}

export function emptyMaterial(): MaterialDraft {
  return { rowId: rowId(), name: '', materialClass: '', massG: '', substances: [emptySubstance()] };
}

export function emptyPart(): PartDraft {
  return { rowId: rowId(), name: '', partNumber: '', numberOfUnits: '1', isArticle: true, massG: '', parts: [], materials: [] };
}

function substanceDraft(s: Substance): SubstanceDraft {
  return { rowId: rowId(), name: s.name, cas: s.cas ?? '', otherId: s.otherId ?? '', massPercent: numberText(s.massPercent), exemption: s.exemption ?? '', base: s };
}

function materialDraft(m: Material): MaterialDraft {
  return { rowId: rowId(), name: m.name, materialClass: m.materialClass ?? '', massG: numberText(m.massG), substances: m.substances.map(substanceDraft), base: m };
}

function partDraft(p: PartNode): PartDraft {
  return {
    rowId: rowId(),
    name: p.name,
    partNumber: p.partNumber ?? '',
    numberOfUnits: numberText(p.numberOfUnits),
    isArticle: p.isArticle,
    massG: numberText(p.massG),
    parts: p.parts.map(partDraft),
    materials: p.materials.map(materialDraft),
    base: p,
  };
}

export function compositionDraftOf(composition: Composition): CompositionDraft {
  return { parts: composition.parts.map(partDraft), substances: (composition.substances ?? []).map(substanceDraft) };
}

const optional = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

function substanceOf(d: SubstanceDraft): Substance {
  const cas = normalizeCasNumber(d.cas);
  return {
    ...d.base,
    name: d.name.trim(),
    cas: cas === '' ? null : cas,
    otherId: optional(d.otherId),
    massPercent: parseNumber(d.massPercent) ?? 0,
    exemption: optional(d.exemption),
  };
}

function materialOf(d: MaterialDraft): Material {
  return { ...d.base, name: d.name.trim(), materialClass: optional(d.materialClass), massG: parseNumber(d.massG), substances: d.substances.map(substanceOf) };
}

function partOf(d: PartDraft): PartNode {
  return {
    ...d.base,
    name: d.name.trim(),
    partNumber: optional(d.partNumber),
    numberOfUnits: parseNumber(d.numberOfUnits) ?? 1,
    isArticle: d.isArticle,
    massG: parseNumber(d.massG),
    parts: d.parts.map(partOf),
    materials: d.materials.map(materialOf),
  };
}

/** The composition the API takes (call `compositionProblems` first: numbers are assumed valid). */
export function compositionOf(draft: CompositionDraft): Composition {
  return draft.substances.length > 0 ? { parts: draft.parts.map(partOf), substances: draft.substances.map(substanceOf) } : { parts: draft.parts.map(partOf) };
}

/** The sum of the mass percents typed for a material's substances (unparsable values count 0). */
export function materialSum(material: MaterialDraft): number {
  const sum = material.substances.reduce((total, s) => total + (parseNumber(s.massPercent) ?? 0), 0);
  return Math.round(sum * 1e6) / 1e6;
}

export interface ProblemMessages {
  required: string;
  notANumber: string;
  percentRange: string;
  casShape: string;
  casCheck: (expected: number) => string;
  idRequired: string;
}

/** A typed CAS number's problem as a message, or undefined when it is valid or empty. */
export function casMessage(cas: string, messages: Pick<ProblemMessages, 'casShape' | 'casCheck'>): string | undefined {
  const problem = casProblem(cas);
  if (problem === null) return undefined;
  return problem.problem === 'shape' ? messages.casShape : messages.casCheck(problem.expected);
}

/**
 * What is wrong with the draft before it is sent, keyed by the API's field paths
 * (`composition.parts.0.materials.1.substances.2.cas`), so server and client messages land
 * on the same inputs.
 */
export function compositionProblems(draft: CompositionDraft, messages: ProblemMessages): Record<string, string> {
  const out: Record<string, string> = {};
  const number = (path: string, text: string, { required = false, percent = false } = {}) => {
    if (text.trim() === '') {
      if (required) out[path] = messages.required;
      return;
    }
    const value = parseNumber(text);
    if (value === null || value < 0) out[path] = messages.notANumber;
    else if (percent && value > 100) out[path] = messages.percentRange;
  };
  const substance = (d: SubstanceDraft, path: string) => {
    if (d.name.trim() === '') out[`${path}.name`] = messages.required;
    const cas = casMessage(d.cas, messages);
    if (cas !== undefined) out[`${path}.cas`] = cas;
    else if (d.cas.trim() === '' && d.otherId.trim() === '') out[`${path}.cas`] = messages.idRequired;
    number(`${path}.massPercent`, d.massPercent, { required: true, percent: true });
  };
  const material = (d: MaterialDraft, path: string) => {
    if (d.name.trim() === '') out[`${path}.name`] = messages.required;
    number(`${path}.massG`, d.massG);
    d.substances.forEach((s, i) => substance(s, `${path}.substances.${i}`));
  };
  const part = (d: PartDraft, path: string) => {
    if (d.name.trim() === '') out[`${path}.name`] = messages.required;
    number(`${path}.numberOfUnits`, d.numberOfUnits, { required: true });
    number(`${path}.massG`, d.massG);
    d.materials.forEach((m, i) => material(m, `${path}.materials.${i}`));
    d.parts.forEach((p, i) => part(p, `${path}.parts.${i}`));
  };
  draft.parts.forEach((p, i) => part(p, `composition.parts.${i}`));
  draft.substances.forEach((s, i) => substance(s, `composition.substances.${i}`));
  return out;
}

/** Moves the item at `index` by `delta` places (a no-op at either end). */
export function moved<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (target < 0 || target >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(index, 1);
  if (item !== undefined) next.splice(target, 0, item);
  return next;
}

/** What one row of a list editor does to its list: replace, remove or move itself. */
export interface ItemOps<T> {
  first: boolean;
  last: boolean;
  onChange: (next: T) => void;
  onRemove: () => void;
  onMove: (delta: -1 | 1) => void;
}

/** The row actions of `items[index]`, each handing the whole new list to `setItems`. */
export function itemOps<T>(items: readonly T[], index: number, setItems: (next: T[]) => void): ItemOps<T> {
  return {
    first: index === 0,
    last: index === items.length - 1,
    onChange: (next) => setItems(items.map((item, i) => (i === index ? next : item))),
    onRemove: () => setItems(items.filter((_, i) => i !== index)),
    onMove: (delta) => setItems(moved(items, index, delta)),
  };
}
