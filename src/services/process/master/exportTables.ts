import { keysetExportTable, type ExportContext, type ExportTable } from '../../../platform/services/index.js';

/*
 * The master area's part of a tenant export: items, formulas and their lines, workstations
 * and their day exceptions, routings and their steps. Each table is read by keyset pagination
 * on its primary key (which leads with tenant_id).
 */

const CREATED = ['created_at', { ja: '登録日時（UTC）', en: 'Created (UTC)' }] as const;
const UPDATED = ['updated_at', { ja: '更新日時（UTC）', en: 'Updated (UTC)' }] as const;
const VERSION = ['version', { ja: '版', en: 'Version' }] as const;
const ID = { column: 'id', type: 'uuid' };

/** The master area's tables in a tenant export (CSV, Excel and JSON per table). */
export function masterExportTables(read: ExportContext['read']): ExportTable[] {
  return [
    keysetExportTable(read, {
      name: 'process_items',
      title: { ja: '品目', en: 'Items' },
      from: 'process.items',
      columns: [
        ['id', { ja: '品目ID', en: 'Item id' }],
        ['code', { ja: '品目コード', en: 'Code' }],
        ['name', { ja: '品目名', en: 'Name' }],
        ['kind', { ja: '区分', en: 'Kind' }],
        ['unit', { ja: '単位', en: 'Unit' }],
        ['remarks', { ja: '備考', en: 'Remarks' }],
        ['labels', { ja: 'ラベル', en: 'Labels' }],
        ['classification', { ja: '機密区分', en: 'Classification' }],
        ['named_users', { ja: '閲覧できるユーザー', en: 'Named users' }],
        ['archived', { ja: 'アーカイブ済み', en: 'Archived' }],
        VERSION,
        CREATED,
        UPDATED,
      ],
      keys: [ID],
    }),
    keysetExportTable(read, {
      name: 'process_formulas',
      title: { ja: '配合', en: 'Formulas' },
      from: 'process.formulas',
      columns: [
        ['id', { ja: '配合ID', en: 'Formula id' }],
        ['item_id', { ja: '品目ID', en: 'Item id' }],
        ['code', { ja: '配合コード', en: 'Code' }],
        ['name', { ja: '配合名', en: 'Name' }],
        ['base_quantity', { ja: '基準量', en: 'Base quantity' }],
        ['yield_pct', { ja: '歩留まり(%)', en: 'Yield (%)' }],
        ['is_default', { ja: '標準', en: 'Default' }],
        VERSION,
        CREATED,
        UPDATED,
      ],
      keys: [ID],
    }),
    keysetExportTable(read, {
      name: 'process_formula_lines',
      title: { ja: '配合の構成', en: 'Formula lines' },
      from: 'process.formula_lines',
      columns: [
        ['formula_id', { ja: '配合ID', en: 'Formula id' }],
        ['line_no', { ja: '行番号', en: 'Line' }],
        ['component_item_id', { ja: '構成品目ID', en: 'Component item id' }],
        ['quantity', { ja: '数量', en: 'Quantity' }],
        ['scrap_pct', { ja: 'ロス率(%)', en: 'Scrap (%)' }],
      ],
      keys: [{ column: 'formula_id', type: 'uuid' }, { column: 'line_no', type: 'int' }],
    }),
    keysetExportTable(read, {
      name: 'process_workstations',
      title: { ja: '設備', en: 'Workstations' },
      from: 'process.workstations',
      columns: [
        ['id', { ja: '設備ID', en: 'Workstation id' }],
        ['code', { ja: '設備コード', en: 'Code' }],
        ['name', { ja: '設備名', en: 'Name' }],
        ['capacity', { ja: '能力', en: 'Capacity' }],
        ['capacity_unit', { ja: '能力単位', en: 'Capacity unit' }],
        ['setup_minutes', { ja: '段取時間(分)', en: 'Setup (min)' }],
        ['cleanup_minutes', { ja: '後片付け時間(分)', en: 'Cleanup (min)' }],
        ['power_kw', { ja: '定格電力(kW)', en: 'Power (kW)' }],
        ['energy_sources', { ja: 'エネルギー源', en: 'Energy sources' }],
        ['work_hours', { ja: '稼働時間（日本時間）', en: 'Working hours (JST)' }],
        ['observe_holidays', { ja: '祝日は休み', en: 'Closed on holidays' }],
        ['archived', { ja: 'アーカイブ済み', en: 'Archived' }],
        VERSION,
        CREATED,
        UPDATED,
      ],
      keys: [ID],
    }),
    keysetExportTable(read, {
      name: 'process_workstation_days',
      title: { ja: '設備の稼働日の例外', en: 'Workstation day exceptions' },
      from: 'process.workstation_days',
      columns: [
        ['workstation_id', { ja: '設備ID', en: 'Workstation id' }],
        ['day', { ja: '日付', en: 'Day' }],
        ['hours', { ja: '稼働時間（空は休み）', en: 'Hours (empty = closed)' }],
        ['note', { ja: 'メモ', en: 'Note' }],
      ],
      keys: [{ column: 'workstation_id', type: 'uuid' }, { column: 'day', type: 'date' }],
    }),
    keysetExportTable(read, {
      name: 'process_routings',
      title: { ja: '工程表', en: 'Routings' },
      from: 'process.routings',
      columns: [
        ['id', { ja: '工程表ID', en: 'Routing id' }],
        ['item_id', { ja: '品目ID', en: 'Item id' }],
        ['code', { ja: '工程表コード', en: 'Code' }],
        ['name', { ja: '工程表名', en: 'Name' }],
        ['is_default', { ja: '標準', en: 'Default' }],
        VERSION,
        CREATED,
        UPDATED,
      ],
      keys: [ID],
    }),
    keysetExportTable(read, {
      name: 'process_routing_steps',
      title: { ja: '工程表の工程', en: 'Routing steps' },
      from: 'process.routing_steps',
      columns: [
        ['routing_id', { ja: '工程表ID', en: 'Routing id' }],
        ['seq', { ja: '工程順', en: 'Step no.' }],
        ['name', { ja: '工程名', en: 'Step name' }],
        ['workstation_id', { ja: '設備ID', en: 'Workstation id' }],
        ['time_basis', { ja: '時間基準', en: 'Time basis' }],
        ['standard_minutes', { ja: '標準時間(分)', en: 'Standard time (min)' }],
        ['batch_size', { ja: 'バッチサイズ', en: 'Batch size' }],
        ['energy_per_unit', { ja: '単位あたりエネルギー', en: 'Energy per unit' }],
      ],
      keys: [{ column: 'routing_id', type: 'uuid' }, { column: 'seq', type: 'int' }],
    }),
  ];
}
