import { defineService } from '../../platform/services/index.js';
import { surveyHelp } from './help.js';
import { registerFileRoutes } from './files/routes.js';
import { surveyExport } from './lifecycle/export.js';
import { purgeSurveyData } from './lifecycle/purge.js';
import { registerLinkRoutes } from './links/routes.js';
import { registerListRoutes } from './lists/routes.js';
import { registerProductRoutes } from './products/routes.js';
import { registerSurveyReminders } from './requests/reminders.js';
import { registerRequestRoutes } from './requests/routes.js';

/** 化学調査: chemical-content surveys between companies (chemSHERPA / IEC 62474 model). */
export const surveyService = defineService({
  id: 'survey',
  name: { ja: '化学調査', en: 'Chemical survey' },
  description: {
    ja: '取引先との含有化学物質調査（chemSHERPA / IEC 62474）を依頼・回答し、承認者による確認を経て送信します。',
    en: 'Request and answer chemical-content surveys with business partners (chemSHERPA / IEC 62474), with review by an authorizer before sending.',
  },
  permissions: [
    { id: 'survey:settings:manage', name: { ja: '組織設定・規制物質リストの管理', en: 'Manage settings and substance lists' } },
    { id: 'survey:responses:approve', name: { ja: '回答の承認・差し戻し、受領回答の受理', en: 'Approve or return responses; accept incoming answers' } },
    { id: 'survey:responses:draft', name: { ja: '回答の作成', en: 'Draft responses' } },
    { id: 'survey:requests:write', name: { ja: '調査依頼の作成・送信', en: 'Create and send survey requests' } },
    { id: 'survey:read', name: { ja: '調査・回答・製品の閲覧', en: 'View surveys, responses and products' } },
    { id: 'survey:export', name: { ja: 'データのエクスポート', en: 'Export data' } },
  ],
  roles: [
    {
      id: 'org_admin',
      name: { ja: '組織管理者', en: 'Org admin' },
      admin: true,
      permissions: ['survey:settings:manage', 'survey:responses:approve', 'survey:responses:draft', 'survey:requests:write', 'survey:read', 'survey:export'],
    },
    {
      id: 'org_reviewer',
      name: { ja: '組織レビュワー', en: 'Org reviewer' },
      admin: false,
      permissions: ['survey:responses:approve', 'survey:read'],
    },
    {
      id: 'org_member',
      name: { ja: '組織メンバー', en: 'Org member' },
      admin: false,
      permissions: ['survey:responses:draft', 'survey:requests:write', 'survey:read'],
    },
  ],
  memberManagement: { by: 'staff', initialPassword: 'temporary-by-email' },
  routes: async (r, deps) => {
    registerListRoutes(r, deps);
    registerProductRoutes(r, deps);
    registerRequestRoutes(r, deps);
    registerLinkRoutes(r, deps);
    registerFileRoutes(r, deps);
    await registerSurveyReminders(deps);
  },
  exporter: (ctx) => surveyExport(ctx),
  purger: ({ tx, tenantId }) => purgeSurveyData(tx, tenantId),
  help: surveyHelp,
});
