import { keysetExportTable, type ExportContext, type ExportTable } from '../../../platform/services/index.js';

/*
 * The orders area's part of a tenant export: production orders, their operations (scheduled
 * slots), material requirements and schedule changes. Each table is read by keyset pagination.
 */

/** The orders area's tables in a tenant export (CSV, Excel and JSON per table). */
export function ordersExportTables(read: ExportContext['read']): ExportTable[] {
  const id = [{ column: 'id', type: 'uuid' }];
  return [
    keysetExportTable(read, { name: 'process_orders', title: { ja: '製造指図', en: 'Production orders' }, from: 'process.orders', columns: [
      ['id', { ja: '指図ID', en: 'Order id' }],
      ['order_no', { ja: '指図番号', en: 'Order number' }],
      ['item_id', { ja: '品目ID', en: 'Item id' }],
      ['routing_id', { ja: '工程表ID', en: 'Routing id' }],
      ['formula_id', { ja: '配合ID', en: 'Formula id' }],
      ['quantity', { ja: '数量', en: 'Quantity' }],
      ['due_at', { ja: '納期（UTC）', en: 'Due (UTC)' }],
      ['lot_no', { ja: 'ロット番号', en: 'Lot number' }],
      ['status', { ja: '状態', en: 'Status' }],
      ['planned_start', { ja: '計画開始（UTC）', en: 'Planned start (UTC)' }],
      ['planned_end', { ja: '計画終了（UTC）', en: 'Planned end (UTC)' }],
      ['released_at', { ja: '発行日時（UTC）', en: 'Released (UTC)' }],
      ['completed_at', { ja: '完了日時（UTC）', en: 'Completed (UTC)' }],
      ['remarks', { ja: '備考', en: 'Remarks' }],
      ['labels', { ja: 'ラベル', en: 'Labels' }],
      ['classification', { ja: '区分', en: 'Classification' }],
      ['named_users', { ja: '閲覧できるユーザー', en: 'Named users' }],
      ['version', { ja: '版', en: 'Version' }],
      ['created_by', { ja: '作成者ID', en: 'Created by' }],
      ['created_at', { ja: '登録日時（UTC）', en: 'Created (UTC)' }],
      ['updated_at', { ja: '更新日時（UTC）', en: 'Updated (UTC)' }],
    ], keys: id }),
    keysetExportTable(read, { name: 'process_operations', title: { ja: '工程（指図ごと）', en: 'Operations' }, from: 'process.operations', columns: [
      ['id', { ja: '工程ID', en: 'Operation id' }],
      ['order_id', { ja: '指図ID', en: 'Order id' }],
      ['seq', { ja: '順序', en: 'Sequence' }],
      ['name', { ja: '工程名', en: 'Name' }],
      ['workstation_id', { ja: '設備ID', en: 'Workstation id' }],
      ['quantity', { ja: '数量', en: 'Quantity' }],
      ['setup_minutes', { ja: '段取時間（分）', en: 'Setup (min)' }],
      ['run_minutes', { ja: '加工時間（分）', en: 'Run (min)' }],
      ['cleanup_minutes', { ja: '後片付け時間（分）', en: 'Cleanup (min)' }],
      ['planned_energy', { ja: '計画エネルギー', en: 'Planned energy' }],
      ['start_at', { ja: '開始（UTC）', en: 'Start (UTC)' }],
      ['end_at', { ja: '終了（UTC）', en: 'End (UTC)' }],
      ['status', { ja: '状態', en: 'Status' }],
    ], keys: id }),
    keysetExportTable(read, { name: 'process_order_materials', title: { ja: '所要材料', en: 'Material requirements' }, from: 'process.order_materials', columns: [
      ['order_id', { ja: '指図ID', en: 'Order id' }],
      ['item_id', { ja: '品目ID', en: 'Item id' }],
      ['required_quantity', { ja: '所要量', en: 'Required quantity' }],
    ], keys: [{ column: 'order_id', type: 'uuid' }, { column: 'item_id', type: 'uuid' }] }),
    keysetExportTable(read, { name: 'process_schedule_changes', title: { ja: '日程変更', en: 'Schedule changes' }, from: 'process.schedule_changes', columns: [
      ['id', { ja: '変更ID', en: 'Change id' }],
      ['order_id', { ja: '指図ID', en: 'Order id' }],
      ['before_slots', { ja: '変更前', en: 'Before' }],
      ['after_slots', { ja: '変更後', en: 'After' }],
      ['changed_by', { ja: '変更者ID', en: 'Changed by' }],
      ['changed_at', { ja: '変更日時（UTC）', en: 'Changed (UTC)' }],
      ['undone_at', { ja: '取消日時（UTC）', en: 'Undone (UTC)' }],
    ], keys: id }),
  ];
}
