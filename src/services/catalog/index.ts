import { defineService } from '../../platform/services/index.js';
import { catalogExport } from './inquiries/export.js';
import { purgeCatalogData } from './inquiries/purge.js';
import { registerInquiryRoutes } from './inquiries/routes.js';
import { registerProductRoutes } from './products/routes.js';
import { registerSearchRoutes } from './search/routes.js';

/** データベース (Sotas DB): publishers post chemical products, subscribers search them. */
export const catalogService = defineService({
  id: 'catalog',
  name: { ja: 'データベース', en: 'Product database' },
  description: {
    ja: '掲載企業が化学製品の情報を掲載し、利用企業が検索・比較・問い合わせを行うデータベースです。',
    en: 'A chemical product database: publishers post products; subscribers search, compare and send inquiries.',
  },
  permissions: [
    { id: 'catalog:members:manage', name: { ja: 'メンバーの招待・削除・役割変更', en: 'Invite, delete and re-role members' } },
    { id: 'catalog:profile:manage', name: { ja: '掲載企業プロフィールの編集', en: 'Edit the publisher profile' } },
    { id: 'catalog:products:write', name: { ja: '製品の登録・編集・公開', en: 'Create, edit and publish products' } },
    { id: 'catalog:products:read', name: { ja: '製品の検索・閲覧', en: 'Search and view products' } },
    { id: 'catalog:inquiries:write', name: { ja: '問い合わせの送信・回答', en: 'Send and answer inquiries' } },
    { id: 'catalog:export', name: { ja: 'データのエクスポート', en: 'Export data' } },
  ],
  roles: [
    {
      id: 'admin',
      name: { ja: '管理者', en: 'Admin' },
      admin: true,
      permissions: ['catalog:members:manage', 'catalog:profile:manage', 'catalog:products:write', 'catalog:products:read', 'catalog:inquiries:write', 'catalog:export'],
    },
    {
      id: 'editor',
      name: { ja: '編集権限', en: 'Editor' },
      admin: false,
      permissions: ['catalog:products:write', 'catalog:products:read', 'catalog:inquiries:write'],
    },
    {
      id: 'viewer',
      name: { ja: '閲覧権限', en: 'Viewer' },
      admin: false,
      permissions: ['catalog:products:read'],
    },
  ],
  memberManagement: { by: 'admins-by-invitation', initialPassword: 'invitation-link' },
  routes: (r, deps) => {
    registerProductRoutes(r, deps);
    registerSearchRoutes(r, deps);
    registerInquiryRoutes(r, deps);
  },
  exporter: (ctx) => catalogExport(ctx),
  purger: ({ tx, tenantId }) => purgeCatalogData(tx, tenantId),
  help: [
    {
      title: { ja: 'メンバーの招待', en: 'Inviting members' },
      body: {
        ja: '管理者がメールで招待します。招待された人はメールのリンクから自分でパスワードを設定します。招待は再送・取り消しができます。',
        en: 'An admin invites by e-mail. The invitee sets their own password through the link in the mail. Invitations can be resent or revoked.',
      },
    },
  ],
});
