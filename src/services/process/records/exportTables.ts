import { keysetExportTable, type ExportContext, type ExportTable } from '../../../platform/services/index.js';

/** The records area's tables in a tenant export (CSV, Excel and JSON per table). */
export function recordsExportTables(read: ExportContext['read']): ExportTable[] {
  const lots = keysetExportTable(read, {
    name: 'process_lots',
    title: { ja: 'ロット', en: 'Lots' },
    from: 'process.lots',
    columns: [
      ['id', { ja: 'ロットID', en: 'Lot id' }],
      ['item_id', { ja: '品目ID', en: 'Item id' }],
      ['lot_no', { ja: 'ロット番号', en: 'Lot number' }],
      ['origin', { ja: '区分（purchased=購入 / produced=製造）', en: 'Origin (purchased / produced)' }],
      ['quantity', { ja: '数量', en: 'Quantity' }],
      ['order_id', { ja: '製造指図ID', en: 'Production order id' }],
      ['created_at', { ja: '登録日時（UTC）', en: 'Created (UTC)' }],
    ],
    keys: [{ column: 'id', type: 'uuid' }],
  });
  const workRecords = keysetExportTable(read, {
    name: 'process_work_records',
    title: { ja: '実績', en: 'Work records' },
    from: 'process.work_records',
    columns: [
      ['id', { ja: '実績ID', en: 'Work record id' }],
      ['order_id', { ja: '製造指図ID', en: 'Production order id' }],
      ['operation_id', { ja: '工程ID', en: 'Operation id' }],
      ['started_at', { ja: '開始日時（UTC）', en: 'Started (UTC)' }],
      ['finished_at', { ja: '終了日時（UTC）', en: 'Finished (UTC)' }],
      ['good_quantity', { ja: '良品数', en: 'Good quantity' }],
      ['scrap_quantity', { ja: '不良数', en: 'Scrap quantity' }],
      ['loss_reason', { ja: 'ロス理由', en: 'Loss reason' }],
      ['operator_id', { ja: '作業者ID', en: 'Operator id' }],
      ['operator_name', { ja: '作業者', en: 'Operator' }],
      ['energy', { ja: 'エネルギー使用量', en: 'Energy used' }],
      ['produced_lot_id', { ja: '製造ロットID', en: 'Produced lot id' }],
      ['remarks', { ja: '備考', en: 'Remarks' }],
      ['labels', { ja: 'ラベル', en: 'Labels' }],
      ['classification', { ja: '区分', en: 'Classification' }],
      ['named_users', { ja: '閲覧できるユーザー', en: 'Named users' }],
      ['version', { ja: '版', en: 'Version' }],
      ['created_at', { ja: '登録日時（UTC）', en: 'Created (UTC)' }],
      ['updated_at', { ja: '更新日時（UTC）', en: 'Updated (UTC)' }],
    ],
    keys: [{ column: 'id', type: 'uuid' }],
  });
  const consumptions = keysetExportTable(read, {
    name: 'process_lot_consumptions',
    title: { ja: '投入ロット', en: 'Consumed lots' },
    from: 'process.lot_consumptions',
    columns: [
      ['work_record_id', { ja: '実績ID', en: 'Work record id' }],
      ['lot_id', { ja: 'ロットID', en: 'Lot id' }],
      ['quantity', { ja: '投入数量', en: 'Quantity consumed' }],
    ],
    keys: [{ column: 'work_record_id', type: 'uuid' }, { column: 'lot_id', type: 'uuid' }],
  });
  const factors = keysetExportTable(read, {
    name: 'process_emission_factors',
    title: { ja: '排出係数', en: 'Emission factors' },
    from: 'process.emission_factors',
    columns: [
      ['id', { ja: '係数ID', en: 'Factor id' }],
      ['kind', { ja: '種類（energy=エネルギー / material=原材料）', en: 'Kind (energy / material)' }],
      ['energy_type', { ja: 'エネルギーの種類', en: 'Energy type' }],
      ['item_id', { ja: '品目ID', en: 'Item id' }],
      ['name', { ja: '名称', en: 'Name' }],
      ['unit', { ja: '単位', en: 'Unit' }],
      ['kg_co2e_per_unit', { ja: '排出係数（kg-CO2e/単位）', en: 'kg-CO2e per unit' }],
      ['source', { ja: '出典', en: 'Source' }],
      ['year', { ja: '年度', en: 'Year' }],
      ['version', { ja: '版', en: 'Version' }],
      ['created_at', { ja: '登録日時（UTC）', en: 'Created (UTC)' }],
      ['updated_at', { ja: '更新日時（UTC）', en: 'Updated (UTC)' }],
    ],
    keys: [{ column: 'id', type: 'uuid' }],
  });
  return [lots, workRecords, consumptions, factors];
}
