import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { parseSurveyFile } from '../../../src/services/survey/files/surveyDocument.js';
import { writeZip } from '../../../src/services/survey/files/zipArchive.js';
import { billionLaughs, deflatedZeros, externalEntity, memoryInUse, rawZip } from './fixtures/malicious.js';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name));
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Runs a parse that must be refused: returns its code, how long it took and how much memory it added. */
async function refused(bytes: Buffer, name: string): Promise<{ code: string; ms: number; grewBy: number }> {
  global.gc?.();
  const before = memoryInUse();
  const started = performance.now();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, memoryInUse());
  }, 5);
  const error = await parseSurveyFile(bytes, name).then(
    () => undefined,
    (e: unknown) => e,
  );
  clearInterval(sampler);
  peak = Math.max(peak, memoryInUse());
  expect(error, `${name} must be refused`).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, ms: performance.now() - started, grewBy: peak - before };
}

describe('survey files that must be refused', () => {
  let zeros: Buffer;
  beforeAll(async () => {
    zeros = await deflatedZeros(GiB);
  }, 60_000);

  it('refuses a zip bomb declaring 1 GiB of zeros before inflating anything', async () => {
    expect(zeros.length).toBeLessThan(8 * MiB);
    const bomb = rawZip([{ name: 'chemSHERPA.xml', data: zeros, method: 8, uncompressedSize: GiB }]);
    const result = await refused(bomb, 'bomb.shai');
    expect(result.code).toBe('survey.file_too_large');
    expect(result.ms).toBeLessThan(3000);
    expect(result.grewBy).toBeLessThan(32 * MiB);
  });

  it('stops inflating a zip bomb whose header lies about its size as soon as the real bytes pass it', async () => {
    const liar = rawZip([{ name: 'chemSHERPA.xml', data: zeros, method: 8, uncompressedSize: 4096 }]);
    const result = await refused(liar, 'liar.shai');
    expect(result.code).toBe('survey.file_unreadable');
    expect(result.ms).toBeLessThan(3000);
    expect(result.grewBy).toBeLessThan(32 * MiB);
  });

  it('stops at the total limit when many honest-looking entries add up past it', async () => {
    const tenMiB = deflateRawSync(Buffer.alloc(10 * MiB));
    const entries = Array.from({ length: 6 }, (_, i) => ({ name: `part${i}.bin`, data: tenMiB, method: 8 as const, uncompressedSize: 10 * MiB }));
    const result = await refused(rawZip(entries), 'parts.zip');
    expect(result.code).toBe('survey.file_too_large');
    expect(result.grewBy).toBeLessThan(32 * MiB);
  });

  it('refuses an Excel workbook that is a zip bomb before the spreadsheet reader sees it', async () => {
    const bomb = rawZip([{ name: 'xl/worksheets/sheet1.xml', data: zeros, method: 8, uncompressedSize: GiB }]);
    expect((await refused(bomb, 'products.xlsx')).code).toBe('survey.file_too_large');
  });

  it('refuses a zip with too many entries', async () => {
    const entries = Array.from({ length: 500 }, (_, i) => ({ name: `e${i}.txt`, data: Buffer.alloc(0), method: 0 as const, uncompressedSize: 0 }));
    expect((await refused(rawZip(entries), 'many.zip')).code).toBe('survey.file_too_many_entries');
  });

  it('refuses path traversal names in a zip', async () => {
    const xml = fixture('mixture-ci.xml');
    for (const name of ['../chemSHERPA.xml', 'data/../../etc/passwd.xml', '/etc/chemSHERPA.xml', 'data\\chemSHERPA.xml', 'C:/temp/chemSHERPA.xml']) {
      const zip = rawZip([{ name, data: xml, method: 0, uncompressedSize: xml.length }]);
      expect((await refused(zip, 'evil.zip')).code, name).toBe('survey.file_unsafe_path');
    }
  });

  it('refuses billion laughs and external entities before any expansion, in XML and inside a zip', async () => {
    for (const bytes of [billionLaughs(), externalEntity()]) {
      const result = await refused(bytes, 'evil.xml');
      expect(result.code).toBe('survey.file_xml_doctype');
      expect(result.grewBy).toBeLessThan(16 * MiB);
      expect((await refused(writeZip([{ name: 'chemSHERPA.xml', bytes }]), 'evil.shai')).code).toBe('survey.file_xml_doctype');
    }
  });

  it('refuses 50 MB of junk at once, and junk under the size limit by its first bytes', async () => {
    const junk = randomBytes(50 * MiB);
    const big = await refused(junk, 'junk.zip');
    expect(big.code).toBe('survey.file_too_large');
    expect(big.ms).toBeLessThan(1000);
    junk[0] = 0x00;
    const small = await refused(junk.subarray(0, 5 * MiB), 'junk.shai');
    expect(small.code).toBe('survey.file_unsupported');
    expect(small.ms).toBeLessThan(1000);
    const fakeZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), junk.subarray(0, MiB)]);
    expect((await refused(fakeZip, 'junk.zip')).code).toBe('survey.file_unreadable');
  });

  it('refuses a wrong root, broken XML, a zip without one survey XML', async () => {
    expect((await refused(Buffer.from('<?xml version="1.0"?><html><body/></html>'), 'a.xml')).code).toBe('survey.file_wrong_root');
    expect((await refused(Buffer.from('<Main xmlns="urn:other"/>'), 'a.xml')).code).toBe('survey.file_wrong_root');
    expect((await refused(fixture('article-ai.xml').subarray(0, 2000), 'a.xml')).code).toBe('survey.file_unreadable');
    expect((await refused(writeZip([{ name: 'readme.txt', bytes: Buffer.from('hello') }]), 'a.zip')).code).toBe('survey.file_no_document');
    const xml = fixture('mixture-ci.xml');
    expect((await refused(writeZip([{ name: 'a.xml', bytes: xml }, { name: 'b.xml', bytes: xml }]), 'a.zip')).code).toBe('survey.file_no_document');
    expect((await refused(Buffer.from('<Main xmlns="http://std.iec.ch/iec62474"/>'), 'a.xml')).code).toBe('survey.file_empty');
  });

  it('refuses a substance without an id, without a mass percent, or with a broken CAS number', async () => {
    const xml = fixture('article-ai.xml').toString('utf8');
    const variants = [
      xml.replace('<EntryID entryIdentity="7440-66-6" authority="CAS"/>', ''),
      xml.replace('<MassPercent massPercent="36"/>', ''),
      xml.replace('entryIdentity="7440-66-6"', 'entryIdentity="7440-66-5"'),
      xml.replace('<MassPercent massPercent="36"/>', '<MassPercent massPercent="136"/>'),
    ];
    for (const variant of variants) {
      const error = await parseSurveyFile(Buffer.from(variant), 'a.xml').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('survey.file_substance_invalid');
      expect((error as AppError).messageIn('ja')).toContain('操作パネル / 筐体 / ねじ / 黄銅 / 亜鉛');
    }
    const ipc = fixture('ipc-class-d.xml').toString('utf8').replace('<SubstanceID identity="7440-31-5" authority="CAS"/>', '');
    expect((await refused(Buffer.from(ipc), 'd.xml')).code).toBe('survey.file_substance_invalid');
  });
});
