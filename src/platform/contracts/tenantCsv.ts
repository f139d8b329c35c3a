import type { Lang, Localized } from '../../core/i18n.js';

/** One tenant of the list export. */
interface TenantCsvRow {
  code: string;
  name: string;
  status: 'active' | 'suspended' | 'ended' | 'purged';
  contactEmail: string;
  services: readonly string[];
  purgeOn: string | null;
  createdAt: string;
}

const STATUS: Record<TenantCsvRow['status'], Localized> = {
  active: { ja: '利用中', en: 'Active' },
  suspended: { ja: '利用停止中', en: 'Suspended' },
  ended: { ja: '終了', en: 'Ended' },
  purged: { ja: 'データ削除済み', en: 'Data deleted' },
};

const COLUMNS: { header: Localized; value: (r: TenantCsvRow, lang: Lang) => string }[] = [
  { header: { ja: '企業コード', en: 'Company code' }, value: (r) => r.code },
  { header: { ja: '契約者名', en: 'Tenant name' }, value: (r) => r.name },
  { header: { ja: '状態', en: 'Status' }, value: (r, lang) => STATUS[r.status][lang] },
  { header: { ja: '連絡先メールアドレス', en: 'Contact e-mail' }, value: (r) => r.contactEmail },
  { header: { ja: '契約中のサービス', en: 'Services under contract' }, value: (r) => r.services.join(' ') },
  { header: { ja: 'データ削除予定日', en: 'Data deletion date' }, value: (r) => r.purgeOn ?? '' },
  { header: { ja: '登録日時（UTC）', en: 'Registered (UTC)' }, value: (r) => r.createdAt },
];

/** One CSV cell, quoted, with a leading formula character defused so a spreadsheet never runs it. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The tenant list as CSV in the user's language: UTF-8 with a BOM (Excel reads Japanese then), CRLF lines. */
export function tenantListCsv(rows: readonly TenantCsvRow[], lang: Lang): string {
  const lines = [COLUMNS.map((c) => csvCell(c.header[lang])).join(',')];
  for (const row of rows) lines.push(COLUMNS.map((c) => csvCell(c.value(row, lang))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
