import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../../../../core/clock.js';
import { AppError } from '../../../../core/errors.js';
import { renderDocument, type ExportFormat } from '../exportDocuments.js';
import { parseSurveyFile, SURVEY_FILE_MAX_BYTES } from '../parseSurveyFile.js';
import type { SurveyDocument } from '../surveyDocument.js';
import type { CmpConnector, CmpIncoming, CmpMeta, CmpSendMeta } from './cmpConnector.js';

const META_SUFFIX = '.meta.json';
const REASON_SUFFIX = '.reason.json';
const META_MAX_BYTES = 64 * 1024;
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface FileDropOptions {
  /** The shared folder; outbox/, inbox/, processed/ and failed/ are made under it as needed. */
  root: string;
  /** Format of files sent when the caller names none (default chemsherpa). */
  format?: ExportFormat;
  clock?: Clock;
}

/**
 * A CMP connector over shared folders. `send` writes the document into `outbox/` under a
 * temporary dot-name and renames it into place (a platform polling the folder never sees half a
 * file), its meta beside it as `<file>.meta.json` written the same way, first. `receive` reads
 * `inbox/` (dot-files and sidecars skipped): a file that is no survey document, or is unsafe,
 * is moved to `failed/` with `<file>.reason.json` (error code and the message in Japanese and
 * English); a handled one is moved to `processed/`, with its meta.
 */
export class FileDropConnector implements CmpConnector {
  readonly outbox: string;
  readonly inbox: string;
  readonly processed: string;
  readonly failed: string;
  private readonly format: ExportFormat;
  private readonly clock: Clock;

  constructor(options: FileDropOptions) {
    this.outbox = path.join(options.root, 'outbox');
    this.inbox = path.join(options.root, 'inbox');
    this.processed = path.join(options.root, 'processed');
    this.failed = path.join(options.root, 'failed');
    this.format = options.format ?? 'chemsherpa';
    this.clock = options.clock ?? systemClock;
  }

  async send(doc: SurveyDocument, sendMeta: CmpSendMeta): Promise<CmpMeta> {
    const id = sendMeta.id ?? `${doc.products[0]?.productNumber.replace(/[^A-Za-z0-9._-]+/g, '_') || 'survey'}-${randomUUID().slice(0, 8)}`;
    if (!SAFE_ID.test(id)) throw new Error(`FileDropConnector.send: id "${id}" must be letters, digits, '.', '-' or '_' (it becomes a file name)`);
    const format = sendMeta.format ?? this.format;
    const file = await renderDocument(doc, format, id);
    const meta: CmpMeta = {
      id,
      fileName: file.name,
      format,
      from: sendMeta.from,
      to: sendMeta.to,
      subject: sendMeta.subject,
      requestRef: sendMeta.requestRef,
      createdAt: this.clock.now().toISOString(),
    };
    await mkdir(this.outbox, { recursive: true });
    await atomicWrite(this.outbox, `${file.name}${META_SUFFIX}`, Buffer.from(JSON.stringify(meta, null, 2)));
    await atomicWrite(this.outbox, file.name, file.bytes);
    return meta;
  }

  async *receive(): AsyncIterable<CmpIncoming> {
    let names: string[];
    try {
      names = await readdir(this.inbox);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names.sort()) {
      if (name.startsWith('.') || name.endsWith(META_SUFFIX) || name.endsWith(REASON_SUFFIX)) continue;
      const full = path.join(this.inbox, name);
      const info = await stat(full).catch(() => undefined);
      if (!info?.isFile()) continue;
      let incoming: CmpIncoming;
      try {
        if (info.size > SURVEY_FILE_MAX_BYTES) throw new AppError('survey.file_too_large', { params: { limit_mb: SURVEY_FILE_MAX_BYTES / 1048576 } });
        const doc = await parseSurveyFile(await readFile(full), name);
        incoming = { doc, meta: await this.metaOf(name, doc) };
      } catch (error) {
        await this.fail(name, error);
        continue;
      }
      yield incoming;
      await this.moveWithMeta(name, this.processed);
    }
  }

  private async metaOf(name: string, doc: SurveyDocument): Promise<CmpMeta> {
    const fallback: CmpMeta = { id: name.replace(/\.[^.]*$/, ''), fileName: name, format: doc.format, createdAt: this.clock.now().toISOString() };
    const sidecar = path.join(this.inbox, `${name}${META_SUFFIX}`);
    const info = await stat(sidecar).catch(() => undefined);
    if (!info?.isFile() || info.size > META_MAX_BYTES) return fallback;
    try {
      const given = JSON.parse(await readFile(sidecar, 'utf8')) as Partial<Record<keyof CmpMeta, unknown>>;
      const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 500) : undefined);
      return { ...fallback, from: text(given.from), to: text(given.to), subject: text(given.subject), requestRef: text(given.requestRef), createdAt: text(given.createdAt) ?? fallback.createdAt, id: text(given.id) ?? fallback.id };
    } catch {
      return fallback;
    }
  }

  private async fail(name: string, error: unknown): Promise<void> {
    const reason =
      error instanceof AppError
        ? { code: error.code, message: { ja: error.messageIn('ja'), en: error.messageIn('en') } }
        : { code: 'internal', message: { ja: 'ファイルを処理できませんでした。', en: 'The file could not be processed.' } };
    const moved = await this.moveWithMeta(name, this.failed);
    await writeFile(path.join(this.failed, `${moved}${REASON_SUFFIX}`), JSON.stringify({ file: name, at: this.clock.now().toISOString(), ...reason }, null, 2));
  }

  /** Moves an inbox file (and its meta) into a folder, under a fresh name when one is taken; returns the name used. */
  private async moveWithMeta(name: string, folder: string): Promise<string> {
    await mkdir(folder, { recursive: true });
    let target = name;
    for (let n = 1; await exists(path.join(folder, target)); n += 1) target = `${name.replace(/(\.[^.]*)?$/, `-${n}$1`)}`;
    await rename(path.join(this.inbox, name), path.join(folder, target));
    const meta = path.join(this.inbox, `${name}${META_SUFFIX}`);
    if (await exists(meta)) await rename(meta, path.join(folder, `${target}${META_SUFFIX}`));
    return target;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Writes a file under a temporary dot-name in the same folder, then renames it into place. */
async function atomicWrite(folder: string, name: string, bytes: Buffer): Promise<void> {
  const temp = path.join(folder, `.${name}.${randomUUID()}.tmp`);
  await writeFile(temp, bytes, { flag: 'wx' });
  await rename(temp, path.join(folder, name));
}
