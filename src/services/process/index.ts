import { defineService } from '../../platform/services/index.js';
import { masterExportTables } from './master/exportTables.js';
import { registerMasterRoutes } from './master/routes.js';
import { ordersExportTables } from './orders/exportTables.js';
import { registerOrdersRoutes } from './orders/routes.js';
import { recordsExportTables } from './records/exportTables.js';
import { registerRecordsRoutes } from './records/routes.js';
import { PROCESS_HELP } from './help.js';
import { registerMemberRoutes } from './shared/memberRoutes.js';
import { purgeProcessData } from './shared/purge.js';

/** 工程管理: production orders, routings, scheduling and CO2 per process step. */
export const processService = defineService({
  id: 'process',
  name: { ja: '工程管理', en: 'Process management' },
  description: {
    ja: '製造指図・工程表・設備の計画と実績を管理し、工程ごとのエネルギー使用量とCO2排出量を算定します。',
    en: 'Plan and record production orders, routings and workstations, with energy use and CO2 emissions per process step.',
  },
  permissions: [
    { id: 'process:members:manage', name: { ja: 'メンバーの追加・削除・役割変更', en: 'Add, delete and re-role members' } },
    { id: 'process:master:manage', name: { ja: 'マスタ（品目・配合・設備・工程表・排出係数）の編集', en: 'Edit master data (items, formulas, workstations, routings, emission factors)' } },
    { id: 'process:master:read', name: { ja: 'マスタの閲覧', en: 'View master data' } },
    { id: 'process:orders:write', name: { ja: '製造指図の作成・計画・更新', en: 'Create, schedule and update production orders' } },
    { id: 'process:records:write', name: { ja: '実績の記録', en: 'Record work results' } },
    { id: 'process:reports:read', name: { ja: 'CFPレポートの閲覧・出力', en: 'View and export carbon footprint reports' } },
    { id: 'process:export', name: { ja: 'データのエクスポート', en: 'Export data' } },
  ],
  roles: [
    {
      id: 'admin',
      name: { ja: '管理者', en: 'Admin' },
      admin: true,
      permissions: ['process:members:manage', 'process:master:manage', 'process:master:read', 'process:orders:write', 'process:records:write', 'process:reports:read', 'process:export'],
    },
    {
      id: 'member',
      name: { ja: 'メンバー', en: 'Member' },
      admin: false,
      permissions: ['process:master:read', 'process:orders:write', 'process:records:write', 'process:reports:read'],
    },
  ],
  memberManagement: { by: 'admins', initialPassword: 'set-by-admin' },
  routes: (r, deps) => {
    registerMasterRoutes(r, deps);
    registerOrdersRoutes(r, deps);
    registerRecordsRoutes(r, deps);
    registerMemberRoutes(r, deps);
  },
  async *exporter({ read }) {
    for (const table of [...masterExportTables(read), ...ordersExportTables(read), ...recordsExportTables(read)]) yield { kind: 'table', table };
  },
  purger: ({ tx, tenantId }) => purgeProcessData(tx, tenantId),
  help: PROCESS_HELP,
});
