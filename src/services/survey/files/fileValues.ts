import { AppError } from '../../../core/errors.js';
import { isValidCasNumber, normalizeCasNumber } from '../../../core/cas.js';
import type { Attributes } from './surveyDocument.js';

/** A number from a file's text; refuses anything else, naming where it was. */
export function fileNumber(value: string | undefined, where: string): number {
  const text = (value ?? '').trim();
  const n = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(n)) throw new AppError('survey.file_content_invalid', { params: { where }, internal: `not a number: ${JSON.stringify(value)}` });
  return n;
}

/** An optional number: undefined when absent or blank. */
export function optionalNumber(value: string | undefined, where: string): number | undefined {
  return value === undefined || value.trim() === '' ? undefined : fileNumber(value, where);
}

/** A boolean attribute (true/false, 1/0, yes/no). */
export function fileBoolean(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  return ['true', '1', 'yes', 'y'].includes(value.trim().toLowerCase());
}

/** A mass in the file's unit (mg, g or kg) in grams. */
export function gramsOf(value: number, unit: string | undefined, where: string): number {
  const u = (unit ?? 'g').trim().toLowerCase();
  if (u === 'g' || u === '') return value;
  if (u === 'mg') return Number((value / 1000).toPrecision(15));
  if (u === 'kg') return Number((value * 1000).toPrecision(15));
  throw new AppError('survey.file_content_invalid', { params: { where }, internal: `unknown mass unit ${unit}` });
}

/** Grams in a unit for writing (mg or g), without float noise. */
export function inUnit(grams: number, unit: 'mg' | 'g'): number {
  return unit === 'mg' ? Number((grams * 1000).toPrecision(15)) : grams;
}

/** The attributes not in `known`, or undefined when there are none. */
export function otherAttributes(attrs: Record<string, string>, known: readonly string[]): Attributes | undefined {
  const out: Attributes = {};
  let any = false;
  for (const [k, v] of Object.entries(attrs)) {
    if (known.includes(k)) continue;
    out[k] = v;
    any = true;
  }
  return any ? out : undefined;
}

/** A CAS number folded to its canonical shape, or undefined when it is not a valid one. */
export function validCas(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const cas = normalizeCasNumber(value);
  return isValidCasNumber(cas) ? cas : undefined;
}

/** Text or undefined when blank. */
export function textOrUndefined(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

const EXEMPTION_AUTHORITIES = ['EU RoHS', 'China RoHS', 'EU ELV', 'ELV', 'EU REACH', 'RoHS'];

/** Exemptions as the one text a substance keeps: "EU RoHS 6(c); ELV 3". */
export function exemptionText(items: { authority?: string | undefined; identity: string }[]): string | undefined {
  const parts = items.map((e) => (e.authority ? `${e.authority} ${e.identity}` : e.identity)).filter((t) => t.length > 0);
  return parts.length ? parts.join('; ') : undefined;
}

/** The exemptions of a substance's text, split back into authority and identity. */
export function exemptionItems(text: string | undefined): { authority?: string | undefined; identity: string }[] {
  if (!text) return [];
  return text
    .split('; ')
    .filter((t) => t.length > 0)
    .map((t) => {
      const authority = EXEMPTION_AUTHORITIES.find((a) => t.startsWith(`${a} `));
      return authority ? { authority, identity: t.slice(authority.length + 1) } : { identity: t };
    });
}
