import { keysetPages, tableRowCount, type ExportContext, type ExportTable } from '../../../platform/services/index.js';


/** The records area's tables in a tenant export (CSV, Excel and JSON per table). */
export function recordsExportTables(read: ExportContext['read']): ExportTable[] {
  const lots: ExportTable = {
    name: 'process_lots',
    title: { ja: 'ロット', en: 'Lots' },
    columns: [
      { key: 'id', header: { ja: 'ロットID', en: 'Lot id' } },
      { key: 'item_id', header: { ja: '品目ID', en: 'Item id' } },
      { key: 'lot_no', header: { ja: 'ロット番号', en: 'Lot number' } },
      { key: 'origin', header: { ja: '区分（purchased=購入 / produced=製造）', en: 'Origin (purchased / produced)' } },
      { key: 'quantity', header: { ja: '数量', en: 'Quantity' } },
      { key: 'order_id', header: { ja: '製造指図ID', en: 'Production order id' } },
      { key: 'created_at', header: { ja: '登録日時（UTC）', en: 'Created (UTC)' } },
    ],
    count: tableRowCount(read, 'process.lots'),
    rows: () => keysetPages(read, { columns: 'id, item_id, lot_no, origin, quantity, order_id, created_at', from: 'process.lots', keys: [{ column: 'id', type: 'uuid' }] }),
  };
  const workRecords: ExportTable = {
    name: 'process_work_records',
    title: { ja: '実績', en: 'Work records' },
    columns: [
      { key: 'id', header: { ja: '実績ID', en: 'Work record id' } },
      { key: 'order_id', header: { ja: '製造指図ID', en: 'Production order id' } },
      { key: 'operation_id', header: { ja: '工程ID', en: 'Operation id' } },
      { key: 'started_at', header: { ja: '開始日時（UTC）', en: 'Started (UTC)' } },
      { key: 'finished_at', header: { ja: '終了日時（UTC）', en: 'Finished (UTC)' } },
      { key: 'good_quantity', header: { ja: '良品数', en: 'Good quantity' } },
      { key: 'scrap_quantity', header: { ja: '不良数', en: 'Scrap quantity' } },
      { key: 'loss_reason', header: { ja: 'ロス理由', en: 'Loss reason' } },
      { key: 'operator_id', header: { ja: '作業者ID', en: 'Operator id' } },
      { key: 'operator_name', header: { ja: '作業者', en: 'Operator' } },
      { key: 'energy', header: { ja: 'エネルギー使用量', en: 'Energy used' } },
      { key: 'produced_lot_id', header: { ja: '製造ロットID', en: 'Produced lot id' } },
      { key: 'remarks', header: { ja: '備考', en: 'Remarks' } },
      { key: 'labels', header: { ja: 'ラベル', en: 'Labels' } },
      { key: 'classification', header: { ja: '区分', en: 'Classification' } },
      { key: 'named_users', header: { ja: '閲覧できるユーザー', en: 'Named users' } },
      { key: 'version', header: { ja: '版', en: 'Version' } },
      { key: 'created_at', header: { ja: '登録日時（UTC）', en: 'Created (UTC)' } },
      { key: 'updated_at', header: { ja: '更新日時（UTC）', en: 'Updated (UTC)' } },
    ],
    count: tableRowCount(read, 'process.work_records'),
    rows: () =>
      keysetPages(read, {
        columns:
          'id, order_id, operation_id, started_at, finished_at, good_quantity, scrap_quantity, loss_reason, operator_id, operator_name, energy, produced_lot_id, remarks, labels, classification, named_users, version, created_at, updated_at',
        from: 'process.work_records',
        keys: [{ column: 'id', type: 'uuid' }],
      }),
  };
  const consumptions: ExportTable = {
    name: 'process_lot_consumptions',
    title: { ja: '投入ロット', en: 'Consumed lots' },
    columns: [
      { key: 'work_record_id', header: { ja: '実績ID', en: 'Work record id' } },
      { key: 'lot_id', header: { ja: 'ロットID', en: 'Lot id' } },
      { key: 'quantity', header: { ja: '投入数量', en: 'Quantity consumed' } },
    ],
    count: tableRowCount(read, 'process.lot_consumptions'),
    rows: () =>
      keysetPages(read, {
        columns: 'work_record_id, lot_id, quantity',
        from: 'process.lot_consumptions',
        keys: [
          { column: 'work_record_id', type: 'uuid' },
          { column: 'lot_id', type: 'uuid' },
        ],
      }),
  };
  const factors: ExportTable = {
    name: 'process_emission_factors',
    title: { ja: '排出係数', en: 'Emission factors' },
    columns: [
      { key: 'id', header: { ja: '係数ID', en: 'Factor id' } },
      { key: 'kind', header: { ja: '種類（energy=エネルギー / material=原材料）', en: 'Kind (energy / material)' } },
      { key: 'energy_type', header: { ja: 'エネルギーの種類', en: 'Energy type' } },
      { key: 'item_id', header: { ja: '品目ID', en: 'Item id' } },
      { key: 'name', header: { ja: '名称', en: 'Name' } },
      { key: 'unit', header: { ja: '単位', en: 'Unit' } },
      { key: 'kg_co2e_per_unit', header: { ja: '排出係数（kg-CO2e/単位）', en: 'kg-CO2e per unit' } },
      { key: 'source', header: { ja: '出典', en: 'Source' } },
      { key: 'year', header: { ja: '年度', en: 'Year' } },
      { key: 'version', header: { ja: '版', en: 'Version' } },
      { key: 'created_at', header: { ja: '登録日時（UTC）', en: 'Created (UTC)' } },
      { key: 'updated_at', header: { ja: '更新日時（UTC）', en: 'Updated (UTC)' } },
    ],
    count: tableRowCount(read, 'process.emission_factors'),
    rows: () =>
      keysetPages(read, {
        columns: 'id, kind, energy_type, item_id, name, unit, kg_co2e_per_unit, source, year, version, created_at, updated_at',
        from: 'process.emission_factors',
        keys: [{ column: 'id', type: 'uuid' }],
      }),
  };
  return [lots, workRecords, consumptions, factors];
}
