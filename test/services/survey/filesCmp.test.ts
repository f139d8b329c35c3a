import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { FileDropConnector, type CmpIncoming } from '../../../src/services/survey/files/cmp/index.js';
import { parseSurveyFile } from '../../../src/services/survey/files/surveyDocument.js';
import { billionLaughs } from './fixtures/malicious.js';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name));

describe('CMP file-drop connector', () => {
  let root: string;
  let connector: FileDropConnector;
  const clock = new ManualClock('2026-11-26T01:00:00.000Z');
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'cmp-'));
    connector = new FileDropConnector({ root, clock });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const collect = async () => {
    const out: CmpIncoming[] = [];
    for await (const item of connector.receive()) out.push(item);
    return out;
  };

  it('sends a document into the outbox as a whole file with its meta, never leaving a temporary file', async () => {
    const doc = await parseSurveyFile(fixture('article-ai.xml'), 'a.xml');
    const meta = await connector.send(doc, { id: 'PNL-100-r1', to: 'cmp-hub', subject: '含有調査回答' });
    expect(meta).toEqual({ id: 'PNL-100-r1', fileName: 'PNL-100-r1.shai', format: 'chemsherpa', to: 'cmp-hub', subject: '含有調査回答', createdAt: '2026-11-26T01:00:00.000Z' });
    expect(readdirSync(connector.outbox).sort()).toEqual(['PNL-100-r1.shai', 'PNL-100-r1.shai.meta.json']);
    expect(await parseSurveyFile(readFileSync(path.join(connector.outbox, 'PNL-100-r1.shai')), 'x.shai')).toEqual(doc);
    expect(JSON.parse(readFileSync(path.join(connector.outbox, 'PNL-100-r1.shai.meta.json'), 'utf8'))).toMatchObject({ to: 'cmp-hub' });
    const ipc = await connector.send(doc, { id: 'PNL-100-ipc', format: 'ipc1752a_d' });
    expect(ipc.fileName).toBe('PNL-100-ipc-ipc1752a-d.xml');
    await expect(connector.send(doc, { id: '../escape' })).rejects.toThrow(/id/);
    expect(readdirSync(connector.outbox).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('receives inbox files oldest name first, moving handled ones to processed/ and bad ones to failed/ with a reason', async () => {
    mkdirSync(path.join(root, 'inbox'));
    const inbox = (name: string, bytes: Buffer | string) => writeFileSync(path.join(connector.inbox, name), bytes);
    inbox('01-panel.xml', fixture('article-ai.xml'));
    inbox('01-panel.xml.meta.json', JSON.stringify({ from: 'supplier-portal', requestRef: 'REQ-7' }));
    inbox('02-evil.xml', billionLaughs());
    inbox('03-con.xml', fixture('ipc-class-d.xml'));
    inbox('.04-partial.xml.tmp', 'half');

    const received = await collect();
    expect(received.map((r) => [r.meta.fileName, r.doc.products[0]!.productNumber])).toEqual([
      ['01-panel.xml', 'PNL-100'],
      ['03-con.xml', 'CON-20P'],
    ]);
    expect(received[0]!.meta).toMatchObject({ id: '01-panel', from: 'supplier-portal', requestRef: 'REQ-7', format: 'iec62474' });
    expect(readdirSync(connector.inbox)).toEqual(['.04-partial.xml.tmp']);
    expect(readdirSync(connector.processed).sort()).toEqual(['01-panel.xml', '01-panel.xml.meta.json', '03-con.xml']);
    expect(readdirSync(connector.failed).sort()).toEqual(['02-evil.xml', '02-evil.xml.reason.json']);
    const reason = JSON.parse(readFileSync(path.join(connector.failed, '02-evil.xml.reason.json'), 'utf8')) as { code: string; message: { ja: string; en: string } };
    expect(reason.code).toBe('survey.file_xml_doctype');
    expect(reason.message.ja).toContain('DOCTYPE');

    // A second file of the same name goes beside the first.
    inbox('01-panel.xml', fixture('article-ai.xml'));
    expect(await collect()).toHaveLength(1);
    expect(readdirSync(connector.processed)).toContain('01-panel-1.xml');
  });

  it('leaves a file in the inbox when the consumer stops on it, to be received again', async () => {
    mkdirSync(connector.inbox);
    writeFileSync(path.join(connector.inbox, 'a.xml'), fixture('mixture-ci.xml'));
    const failing = async () => {
      for await (const item of connector.receive()) {
        if (item.meta.fileName === 'a.xml') throw new Error('the consumer could not store it');
      }
    };
    await expect(failing()).rejects.toThrow('could not store');
    expect(readdirSync(connector.inbox)).toEqual(['a.xml']);
    expect(await collect()).toHaveLength(1);
    expect(readdirSync(connector.inbox)).toEqual([]);
  });

  it('receives nothing when there is no inbox yet', async () => {
    expect(await collect()).toEqual([]);
  });
});
