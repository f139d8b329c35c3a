import type { Lang, Localized } from '../../core/i18n.js';
import { CONTROL_STATUSES, type ComplianceReport, type ControlStatus } from './report.js';

export const REPORT_FORMATS = ['json', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const STATUS_NAMES: Record<ControlStatus, Localized> = {
  met: { ja: '適合', en: 'Met' },
  attention: { ja: '要注意', en: 'Attention' },
  not_met: { ja: '不適合', en: 'Not met' },
  not_applicable: { ja: '対象外', en: 'Not applicable' },
  unknown: { ja: '不明', en: 'Unknown' },
};

const TEXT = {
  title: { ja: 'コンプライアンス報告書', en: 'Compliance report' },
  generated: { ja: '作成日時（UTC）', en: 'Generated (UTC)' },
  deployment: { ja: '配備', en: 'Deployment' },
  clause: { ja: '条項', en: 'Clause' },
  control: { ja: '管理策', en: 'Control' },
  status: { ja: '状態', en: 'Status' },
  reason: { ja: '理由', en: 'Reason' },
  evidence: { ja: '証跡', en: 'Evidence' },
} satisfies Record<string, Localized>;

const text = (value: string | Localized, lang: Lang): string => (typeof value === 'string' ? value : value[lang]);

function mdCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The report as Markdown: the summary, then one section per control with its evidence. */
export function renderMarkdown(report: ComplianceReport, lang: Lang): string {
  const out: string[] = [`# ${TEXT.title[lang]}`, '', `${TEXT.generated[lang]}: ${report.generatedAt}`, ''];
  const d = report.deployment;
  out.push(`${TEXT.deployment[lang]}: ${d.env}, ${d.database}, ${d.fileStore}, ${d.publicUrl}`, '');
  out.push(`| ${CONTROL_STATUSES.map((s) => STATUS_NAMES[s][lang]).join(' | ')} |`, `|${CONTROL_STATUSES.map(() => ' ---: ').join('|')}|`, `| ${CONTROL_STATUSES.map((s) => report.summary[s]).join(' | ')} |`, '');
  out.push(`| ${TEXT.clause[lang]} | ${TEXT.control[lang]} | ${TEXT.status[lang]} | ${TEXT.reason[lang]} |`, '| --- | --- | --- | --- |');
  for (const c of report.controls) out.push(`| ${mdCell(c.clause)} | ${mdCell(c.title[lang])} | ${STATUS_NAMES[c.status][lang]} | ${mdCell(c.reason?.[lang] ?? '')} |`);
  out.push('');
  for (const c of report.controls) {
    out.push(`## ${c.clause} ${c.title[lang]} — ${STATUS_NAMES[c.status][lang]}`, '');
    if (c.reason) out.push(`${TEXT.reason[lang]}: ${c.reason[lang]}`, '');
    for (const e of c.evidence) out.push(`- ${e.label[lang]}: ${text(e.value, lang)}`);
    if (c.evidence.length) out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The report as one self-contained, print-friendly HTML page (no scripts, inline styles only). */
export function renderHtml(report: ComplianceReport, lang: Lang): string {
  const rows = report.controls
    .map(
      (c) => `<tr class="s-${c.status}"><td>${esc(c.clause)}</td><td>${esc(c.title[lang])}</td><td>${esc(STATUS_NAMES[c.status][lang])}</td><td>${esc(c.reason?.[lang] ?? '')}${
        c.evidence.length ? `<ul>${c.evidence.map((e) => `<li>${esc(e.label[lang])}: ${esc(text(e.value, lang))}</li>`).join('')}</ul>` : ''
      }</td></tr>`,
    )
    .join('\n');
  const summary = CONTROL_STATUSES.map((s) => `<li>${esc(STATUS_NAMES[s][lang])}: ${report.summary[s]}</li>`).join('');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(TEXT.title[lang])}</title>
<style>
body{font-family:sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3rem;vertical-align:top;text-align:left}
.s-not_met td:nth-child(3){color:#a00;font-weight:bold}.s-attention td:nth-child(3){color:#850}.s-met td:nth-child(3){color:#064}
ul{margin:.2rem 0;padding-left:1.2rem}@media print{body{margin:0}tr{break-inside:avoid}}
</style></head><body>
<h1>${esc(TEXT.title[lang])}</h1>
<p>${esc(TEXT.generated[lang])}: ${esc(report.generatedAt)} — ${esc(report.deployment.env)}, ${esc(report.deployment.database)}, ${esc(report.deployment.fileStore)}</p>
<ul>${summary}</ul>
<table><thead><tr><th>${esc(TEXT.clause[lang])}</th><th>${esc(TEXT.control[lang])}</th><th>${esc(TEXT.status[lang])}</th><th>${esc(TEXT.evidence[lang])}</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}

export function renderReport(report: ComplianceReport, format: ReportFormat, lang: Lang): string {
  if (format === 'md') return renderMarkdown(report, lang);
  if (format === 'html') return renderHtml(report, lang);
  return `${JSON.stringify(report, null, 2)}\n`;
}
