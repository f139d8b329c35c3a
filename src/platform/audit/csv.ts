import type { Lang, Localized } from '../../core/i18n.js';
import type { EventView } from './eventQueries.js';

const COLUMNS: { header: Localized; value: (e: EventView) => string }[] = [
  { header: { ja: '日時（日本時間）', en: 'Time (JST)' }, value: (e) => jstText(e.occurredAt) },
  { header: { ja: '日時（UTC）', en: 'Time (UTC)' }, value: (e) => e.occurredAt.toISOString() },
  { header: { ja: '操作者の種別', en: 'Actor type' }, value: (e) => e.actorType },
  { header: { ja: '操作者', en: 'Actor' }, value: (e) => e.actorName ?? '' },
  { header: { ja: '操作者ID', en: 'Actor id' }, value: (e) => e.actorId ?? '' },
  { header: { ja: '操作', en: 'Action' }, value: (e) => e.action },
  { header: { ja: '対象の種別', en: 'Target type' }, value: (e) => e.targetType ?? '' },
  { header: { ja: '対象ID', en: 'Target id' }, value: (e) => e.targetId ?? '' },
  { header: { ja: '分類', en: 'Classification' }, value: (e) => e.targetLabels.join(' ') },
  { header: { ja: '結果', en: 'Result' }, value: (e) => e.result },
  { header: { ja: '理由', en: 'Reason' }, value: (e) => e.reason ?? '' },
  { header: { ja: 'IPアドレス', en: 'IP address' }, value: (e) => e.ip ?? '' },
  { header: { ja: 'ユーザーエージェント', en: 'User agent' }, value: (e) => e.userAgent ?? '' },
  { header: { ja: 'リクエストID', en: 'Request id' }, value: (e) => e.requestId ?? '' },
  { header: { ja: '詳細', en: 'Details' }, value: (e) => (Object.keys(e.details).length ? JSON.stringify(e.details) : '') },
  { header: { ja: '変更内容', en: 'Changes' }, value: (e) => (e.changes ? JSON.stringify(e.changes) : '') },
  { header: { ja: '連番', en: 'Sequence' }, value: (e) => (e.seq === null ? '' : String(e.seq)) },
];

function jstText(at: Date): string {
  const jst = new Date(at.getTime() + 9 * 3_600_000).toISOString();
  return `${jst.slice(0, 10).replace(/-/g, '/')} ${jst.slice(11, 19)}`;
}

/**
 * One CSV cell: quoted, quotes doubled, and a leading = + - @ (or tab/CR) defused with an
 * apostrophe so a spreadsheet never runs a log value as a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The event log as CSV in the user's language: UTF-8 with a BOM (Excel reads Japanese then), CRLF lines. */
export async function eventsCsv(pages: AsyncIterable<EventView[]>, lang: Lang): Promise<string> {
  const lines = [COLUMNS.map((c) => csvCell(c.header[lang])).join(',')];
  for await (const events of pages) {
    for (const e of events) lines.push(COLUMNS.map((c) => csvCell(c.value(e))).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
