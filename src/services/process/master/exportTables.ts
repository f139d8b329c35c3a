import { keysetPages, tableRowCount, type ExportContext, type ExportTable } from '../../../platform/services/index.js';

/*
 * The master area's part of a tenant export: items, formulas and their lines, workstations
 * and their day exceptions, routings and their steps. Each table is read by keyset pagination
 * on its primary key (which leads with tenant_id).
 */


const CREATED = { key: 'created_at', header: { ja: '登録日時（UTC）', en: 'Created (UTC)' } };
const UPDATED = { key: 'updated_at', header: { ja: '更新日時（UTC）', en: 'Updated (UTC)' } };
const VERSION = { key: 'version', header: { ja: '版', en: 'Version' } };
const ID = { column: 'id', type: 'uuid' };

/** The master area's tables in a tenant export (CSV, Excel and JSON per table). */
export function masterExportTables(read: ExportContext['read']): ExportTable[] {
  return [
    {
      name: 'process_items',
      title: { ja: '品目', en: 'Items' },
      columns: [
        { key: 'id', header: { ja: '品目ID', en: 'Item id' } },
        { key: 'code', header: { ja: '品目コード', en: 'Code' } },
        { key: 'name', header: { ja: '品目名', en: 'Name' } },
        { key: 'kind', header: { ja: '区分', en: 'Kind' } },
        { key: 'unit', header: { ja: '単位', en: 'Unit' } },
        { key: 'remarks', header: { ja: '備考', en: 'Remarks' } },
        { key: 'labels', header: { ja: 'ラベル', en: 'Labels' } },
        { key: 'classification', header: { ja: '機密区分', en: 'Classification' } },
        { key: 'named_users', header: { ja: '閲覧できるユーザー', en: 'Named users' } },
        { key: 'archived', header: { ja: 'アーカイブ済み', en: 'Archived' } },
        VERSION,
        CREATED,
        UPDATED,
      ],
      count: tableRowCount(read, 'process.items'),
      rows: () =>
        keysetPages(read, {
          columns: 'id, code, name, kind, unit, remarks, labels, classification, named_users, archived, version, created_at, updated_at',
          from: 'process.items',
          keys: [ID],
        }),
    },
    {
      name: 'process_formulas',
      title: { ja: '配合', en: 'Formulas' },
      columns: [
        { key: 'id', header: { ja: '配合ID', en: 'Formula id' } },
        { key: 'item_id', header: { ja: '品目ID', en: 'Item id' } },
        { key: 'code', header: { ja: '配合コード', en: 'Code' } },
        { key: 'name', header: { ja: '配合名', en: 'Name' } },
        { key: 'base_quantity', header: { ja: '基準量', en: 'Base quantity' } },
        { key: 'yield_pct', header: { ja: '歩留まり(%)', en: 'Yield (%)' } },
        { key: 'is_default', header: { ja: '標準', en: 'Default' } },
        VERSION,
        CREATED,
        UPDATED,
      ],
      count: tableRowCount(read, 'process.formulas'),
      rows: () =>
        keysetPages(read, {
          columns: 'id, item_id, code, name, base_quantity, yield_pct, is_default, version, created_at, updated_at',
          from: 'process.formulas',
          keys: [ID],
        }),
    },
    {
      name: 'process_formula_lines',
      title: { ja: '配合の構成', en: 'Formula lines' },
      columns: [
        { key: 'formula_id', header: { ja: '配合ID', en: 'Formula id' } },
        { key: 'line_no', header: { ja: '行番号', en: 'Line' } },
        { key: 'component_item_id', header: { ja: '構成品目ID', en: 'Component item id' } },
        { key: 'quantity', header: { ja: '数量', en: 'Quantity' } },
        { key: 'scrap_pct', header: { ja: 'ロス率(%)', en: 'Scrap (%)' } },
      ],
      count: tableRowCount(read, 'process.formula_lines'),
      rows: () =>
        keysetPages(read, {
          columns: 'formula_id, line_no, component_item_id, quantity, scrap_pct',
          from: 'process.formula_lines',
          keys: [
            { column: 'formula_id', type: 'uuid' },
            { column: 'line_no', type: 'int' },
          ],
        }),
    },
    {
      name: 'process_workstations',
      title: { ja: '設備', en: 'Workstations' },
      columns: [
        { key: 'id', header: { ja: '設備ID', en: 'Workstation id' } },
        { key: 'code', header: { ja: '設備コード', en: 'Code' } },
        { key: 'name', header: { ja: '設備名', en: 'Name' } },
        { key: 'capacity', header: { ja: '能力', en: 'Capacity' } },
        { key: 'capacity_unit', header: { ja: '能力単位', en: 'Capacity unit' } },
        { key: 'setup_minutes', header: { ja: '段取時間(分)', en: 'Setup (min)' } },
        { key: 'cleanup_minutes', header: { ja: '後片付け時間(分)', en: 'Cleanup (min)' } },
        { key: 'power_kw', header: { ja: '定格電力(kW)', en: 'Power (kW)' } },
        { key: 'energy_sources', header: { ja: 'エネルギー源', en: 'Energy sources' } },
        { key: 'work_hours', header: { ja: '稼働時間（日本時間）', en: 'Working hours (JST)' } },
        { key: 'observe_holidays', header: { ja: '祝日は休み', en: 'Closed on holidays' } },
        { key: 'archived', header: { ja: 'アーカイブ済み', en: 'Archived' } },
        VERSION,
        CREATED,
        UPDATED,
      ],
      count: tableRowCount(read, 'process.workstations'),
      rows: () =>
        keysetPages(read, {
          columns: 'id, code, name, capacity, capacity_unit, setup_minutes, cleanup_minutes, power_kw, energy_sources, work_hours, observe_holidays, archived, version, created_at, updated_at',
          from: 'process.workstations',
          keys: [ID],
        }),
    },
    {
      name: 'process_workstation_days',
      title: { ja: '設備の稼働日の例外', en: 'Workstation day exceptions' },
      columns: [
        { key: 'workstation_id', header: { ja: '設備ID', en: 'Workstation id' } },
        { key: 'day', header: { ja: '日付', en: 'Day' } },
        { key: 'hours', header: { ja: '稼働時間（空は休み）', en: 'Hours (empty = closed)' } },
        { key: 'note', header: { ja: 'メモ', en: 'Note' } },
      ],
      count: tableRowCount(read, 'process.workstation_days'),
      rows: () =>
        keysetPages(read, {
          columns: 'workstation_id, day, hours, note',
          from: 'process.workstation_days',
          keys: [
            { column: 'workstation_id', type: 'uuid' },
            { column: 'day', type: 'date' },
          ],
        }),
    },
    {
      name: 'process_routings',
      title: { ja: '工程表', en: 'Routings' },
      columns: [
        { key: 'id', header: { ja: '工程表ID', en: 'Routing id' } },
        { key: 'item_id', header: { ja: '品目ID', en: 'Item id' } },
        { key: 'code', header: { ja: '工程表コード', en: 'Code' } },
        { key: 'name', header: { ja: '工程表名', en: 'Name' } },
        { key: 'is_default', header: { ja: '標準', en: 'Default' } },
        VERSION,
        CREATED,
        UPDATED,
      ],
      count: tableRowCount(read, 'process.routings'),
      rows: () =>
        keysetPages(read, {
          columns: 'id, item_id, code, name, is_default, version, created_at, updated_at',
          from: 'process.routings',
          keys: [ID],
        }),
    },
    {
      name: 'process_routing_steps',
      title: { ja: '工程表の工程', en: 'Routing steps' },
      columns: [
        { key: 'routing_id', header: { ja: '工程表ID', en: 'Routing id' } },
        { key: 'seq', header: { ja: '工程順', en: 'Step no.' } },
        { key: 'name', header: { ja: '工程名', en: 'Step name' } },
        { key: 'workstation_id', header: { ja: '設備ID', en: 'Workstation id' } },
        { key: 'time_basis', header: { ja: '時間基準', en: 'Time basis' } },
        { key: 'standard_minutes', header: { ja: '標準時間(分)', en: 'Standard time (min)' } },
        { key: 'batch_size', header: { ja: 'バッチサイズ', en: 'Batch size' } },
        { key: 'energy_per_unit', header: { ja: '単位あたりエネルギー', en: 'Energy per unit' } },
      ],
      count: tableRowCount(read, 'process.routing_steps'),
      rows: () =>
        keysetPages(read, {
          columns: 'routing_id, seq, name, workstation_id, time_basis, standard_minutes, batch_size, energy_per_unit',
          from: 'process.routing_steps',
          keys: [
            { column: 'routing_id', type: 'uuid' },
            { column: 'seq', type: 'int' },
          ],
        }),
    },
  ];
}
