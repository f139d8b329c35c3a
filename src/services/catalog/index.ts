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
    {
      title: { ja: '掲載企業ができること', en: 'What publishers can do' },
      body: {
        ja: '掲載の契約がある会社は「自社製品」で製品を登録し（1件ずつ、またはCSV・Excelの一括取り込み）、組成・物性・SDSなどの資料を添えて公開します。公開した製品はデータベースを利用するすべての企業の検索結果に表示されます。「掲載企業プロフィール」では会社紹介と問い合わせの窓口を設定します。届いた問い合わせには「問い合わせ」から回答します。',
        en: 'A company with a publisher contract registers products under “Our products” (one by one, or many at once from CSV or Excel), adds the composition, properties and documents such as SDS, and publishes them. Published products appear in the search results of every company using the database. The “Publisher profile” presents the company and its contacts for inquiries. Inquiries received are answered under “Inquiries”.',
      },
    },
    {
      title: { ja: '利用企業ができること', en: 'What subscribers can do' },
      body: {
        ja: '利用の契約がある会社は、公開された製品をキーワード・分類・用途・規制対応・CAS番号で検索し、最大5件を並べて比較し、「使用中」「検討中」のリストに入れて社内で共有できます。サンプル・見積・技術的な質問は製品ごとに掲載企業へ問い合わせます。',
        en: 'A company with a subscription searches published products by keyword, category, application, regulatory compliance and CAS number, compares up to five side by side, and keeps them in the “In use” and “Watching” lists shared within the company. Samples, quotes and technical questions are sent to the publisher per product.',
      },
    },
    {
      title: { ja: '無料プランと有料プラン', en: 'Free and paid plans' },
      body: {
        ja: '無料プランでは製品の基本情報（製品名・グレード・分類・形状・用途・規制対応・組成）と掲載企業の紹介が見られます。有料プランではさらに物性値、SDS・TDSなどの資料のダウンロード、物性値での絞り込み、掲載企業の窓口が見られます。プランは契約で決まり、変更は運営にお申し込みください。',
        en: 'On the free plan you see the basic information of products (name, grade, category, form, applications, regulatory compliance, composition) and the publishers’ profiles. The paid plan adds property values, downloads of documents such as SDS and TDS, filtering by property values and the publishers’ contacts. The plan follows your contract; ask the operator to change it.',
      },
    },
    {
      title: { ja: '下書き・公開・アーカイブ', en: 'Drafts, published and archived products' },
      body: {
        ja: '新しく登録した製品と一括取り込みした製品は下書きです。下書きとアーカイブした製品は自社のメンバーにしか見えず、検索にも出ません。「公開」すると他社から見えるようになり、「公開停止」で下書きに戻ります。アーカイブした製品は編集できず、「下書きに戻す」と再び編集できます。削除できるのは下書きだけです。備考とラベルは公開後も自社の中だけで見えます。',
        en: 'New and imported products start as drafts. Drafts and archived products are visible only to your own members and never appear in search. “Publish” makes a product visible to other companies; “Unpublish” makes it a draft again. Archived products cannot be edited until they are brought back to draft. Only drafts can be deleted. Remarks and labels stay internal even after publishing.',
      },
    },
    {
      title: { ja: '役割', en: 'Roles' },
      body: {
        ja: '管理者はメンバーの招待、掲載企業プロフィールの編集、データのエクスポートを含むすべての操作ができます。編集権限は製品の登録・編集・公開と問い合わせの送信・回答ができます。閲覧権限は製品の検索と閲覧だけができます。役割ごとの権限は上の表のとおりです。',
        en: 'Admins can do everything, including inviting members, editing the publisher profile and exporting data. Editors create, edit and publish products and send and answer inquiries. Viewers only search and view products. The table above lists the permissions of each role.',
      },
    },
  ],
});
