import {
  CREATED_COLUMN,
  ID_KEY,
  ownExportTable,
  UPDATED_COLUMN,
  VERSION_COLUMN,
  type ExportColumnSpec,
  type ExportContext,
  type ExportItem,
  type ExportTable,
} from '../../../platform/services/index.js';

/*
 * The survey part of a tenant export: the company's own rows only. Under the tenant's RLS
 * context a supplier also sees the requests addressed to it and a requester the responses and
 * history entries other companies wrote into its requests; those are not its data, so every
 * query names the tenant. Files sent with a response are in the platform's part of the export,
 * `files/survey/<file id>-<name>`; the response file table gives that path for each file. The
 * upload links' token hashes stay out: they are credentials, not the company's data.
 */

const REQUEST_ID: ExportColumnSpec = ['request_id', { ja: '調査依頼ID', en: 'Request id' }];
const RESPONSE_ID: ExportColumnSpec = ['response_id', { ja: '回答ID', en: 'Response id' }];

/** The survey tables of a tenant export. */
export function surveyExportTables(ctx: ExportContext): ExportTable[] {
  return [
    ownExportTable(ctx, {
      name: 'survey_settings',
      title: { ja: '化学調査の組織設定', en: 'Survey settings' },
      from: `SELECT tenant_id, company_name, company_id, company_id_authority, contact_name, contact_email, contact_phone, sum_tolerance_percent,
                    remind_days_before, remind_days_after, version, updated_at FROM survey.settings`,
      columns: [
        ['tenant_id', { ja: '企業ID', en: 'Company id' }],
        ['company_name', { ja: '会社名', en: 'Company name' }],
        ['company_id', { ja: '企業識別子', en: 'Company identifier' }],
        ['company_id_authority', { ja: '企業識別子の発行元', en: 'Company id authority' }],
        ['contact_name', { ja: '担当者', en: 'Contact' }],
        ['contact_email', { ja: '担当者メールアドレス', en: 'Contact e-mail' }],
        ['contact_phone', { ja: '担当者電話番号', en: 'Contact phone' }],
        ['sum_tolerance_percent', { ja: '合計の許容誤差(%)', en: 'Sum tolerance (%)' }],
        ['remind_days_before', { ja: '回答期限前の催促(日)', en: 'Reminder before (days)' }],
        ['remind_days_after', { ja: '回答期限後の催促(日)', en: 'Reminder after (days)' }],
        VERSION_COLUMN,
        UPDATED_COLUMN,
      ],
      keys: [{ column: 'tenant_id', type: 'uuid' }],
    }),
    ownExportTable(ctx, {
      name: 'survey_substance_lists',
      title: { ja: '規制物質リスト', en: 'Substance lists' },
      from: 'SELECT tenant_id, id, code, name, name_en, source, starter_key, archived, created_by, created_at, updated_at FROM survey.substance_lists',
      columns: [
        ['id', { ja: 'リストID', en: 'List id' }],
        ['code', { ja: 'コード', en: 'Code' }],
        ['name', { ja: '名称', en: 'Name' }],
        ['name_en', { ja: '英語名', en: 'Name (English)' }],
        ['source', { ja: '出典', en: 'Source' }],
        ['starter_key', { ja: '標準リスト', en: 'Starter list' }],
        ['archived', { ja: 'アーカイブ済み', en: 'Archived' }],
        ['created_by', { ja: '作成者ID', en: 'Created by' }],
        CREATED_COLUMN,
        UPDATED_COLUMN,
      ],
      keys: ID_KEY,
    }),
    ownExportTable(ctx, {
      name: 'survey_list_versions',
      title: { ja: 'リストの版', en: 'List versions' },
      from: 'SELECT tenant_id, id, list_id, version_no, label, source_note, entry_count, loaded_by, loaded_by_name, loaded_at FROM survey.list_versions',
      columns: [
        ['id', { ja: '版ID', en: 'Version id' }],
        ['list_id', { ja: 'リストID', en: 'List id' }],
        ['version_no', { ja: '版番号', en: 'Version number' }],
        ['label', { ja: '版の名称', en: 'Label' }],
        ['source_note', { ja: '出典メモ', en: 'Source note' }],
        ['entry_count', { ja: '物質数', en: 'Entries' }],
        ['loaded_by', { ja: '登録者ID', en: 'Loaded by' }],
        ['loaded_by_name', { ja: '登録者', en: 'Loaded by (name)' }],
        ['loaded_at', { ja: '登録日時（UTC）', en: 'Loaded (UTC)' }],
      ],
      keys: ID_KEY,
    }),
    ownExportTable(ctx, {
      name: 'survey_list_entries',
      title: { ja: 'リストの物質', en: 'List entries' },
      from: 'SELECT tenant_id, id, version_id, cas, internal_id, name, threshold_percent, basis, notes, sort_order FROM survey.list_entries',
      columns: [
        ['id', { ja: '物質ID', en: 'Entry id' }],
        ['version_id', { ja: '版ID', en: 'Version id' }],
        ['cas', { ja: 'CAS番号', en: 'CAS number' }],
        ['internal_id', { ja: '管理番号', en: 'Internal id' }],
        ['name', { ja: '物質名', en: 'Substance' }],
        ['threshold_percent', { ja: '閾値(%)', en: 'Threshold (%)' }],
        ['basis', { ja: '閾値の基準', en: 'Basis' }],
        ['notes', { ja: '備考', en: 'Notes' }],
        ['sort_order', { ja: '表示順', en: 'Order' }],
      ],
      keys: ID_KEY,
    }),
    ownExportTable(ctx, {
      name: 'survey_products',
      title: { ja: '調査対象製品', en: 'Products under survey' },
      from: `SELECT tenant_id, id, product_number, name, mass_g, unit_type, supplier_name, remarks, labels, cas_numbers, composition, version, created_by, created_at, updated_at
               FROM survey.products`,
      columns: [
        ['id', { ja: '製品ID', en: 'Product id' }],
        ['product_number', { ja: '品番', en: 'Product number' }],
        ['name', { ja: '製品名', en: 'Name' }],
        ['mass_g', { ja: '質量(g)', en: 'Mass (g)' }],
        ['unit_type', { ja: '単位', en: 'Unit' }],
        ['supplier_name', { ja: '仕入先', en: 'Supplier' }],
        ['remarks', { ja: '備考', en: 'Remarks' }],
        ['labels', { ja: 'ラベル', en: 'Labels' }],
        ['cas_numbers', { ja: 'CAS番号', en: 'CAS numbers' }],
        ['composition', { ja: '構成（部品・材料・物質）', en: 'Composition (parts, materials, substances)' }],
        VERSION_COLUMN,
        ['created_by', { ja: '作成者ID', en: 'Created by' }],
        CREATED_COLUMN,
        UPDATED_COLUMN,
      ],
      keys: ID_KEY,
    }),
    ownExportTable(ctx, {
      name: 'survey_check_results',
      title: { ja: '判定結果', en: 'Check results' },
      from: `SELECT tenant_id, id, subject_kind, subject_id, subject_key, list_id, list_version_id, outcome, findings, changed, change_summary, acknowledged_at, checked_at
               FROM survey.check_results`,
      columns: [
        ['id', { ja: '判定ID', en: 'Result id' }],
        ['subject_kind', { ja: '対象の種類', en: 'Subject kind' }],
        ['subject_id', { ja: '対象ID', en: 'Subject id' }],
        ['subject_key', { ja: '回答内の製品', en: 'Product in response' }],
        ['list_id', { ja: 'リストID', en: 'List id' }],
        ['list_version_id', { ja: '版ID', en: 'Version id' }],
        ['outcome', { ja: '判定', en: 'Outcome' }],
        ['findings', { ja: '該当物質', en: 'Findings' }],
        ['changed', { ja: '前版から変化', en: 'Changed' }],
        ['change_summary', { ja: '変化の内容', en: 'Change summary' }],
        ['acknowledged_at', { ja: '確認日時（UTC）', en: 'Acknowledged (UTC)' }],
        ['checked_at', { ja: '判定日時（UTC）', en: 'Checked (UTC)' }],
      ],
      keys: ID_KEY,
    }),
    ownExportTable(ctx, {
      name: 'survey_requests',
      title: { ja: '送信した調査依頼', en: 'Requests sent' },
      from: `SELECT tenant_id, id, requester_name, supplier_tenant_id, supplier_name, supplier_email, title, message, items, format_wanted, list_version_id,
                    list_snapshot, respond_by, requester_ref, responder_ref, status, return_reason, accepted_response_id, created_by, created_by_name,
                    created_at, sent_at, submitted_at, closed_at, updated_at, version
               FROM survey.requests`,
      columns: [
        ['id', { ja: '調査依頼ID', en: 'Request id' }],
        ['requester_name', { ja: '依頼元', en: 'Requester' }],
        ['supplier_tenant_id', { ja: '依頼先の企業ID', en: 'Supplier company id' }],
        ['supplier_name', { ja: '依頼先', en: 'Supplier' }],
        ['supplier_email', { ja: '依頼先メールアドレス', en: 'Supplier e-mail' }],
        ['title', { ja: '件名', en: 'Title' }],
        ['message', { ja: 'メッセージ', en: 'Message' }],
        ['items', { ja: '調査対象', en: 'Items' }],
        ['format_wanted', { ja: '希望する形式', en: 'Format wanted' }],
        ['list_version_id', { ja: '基準リストの版ID', en: 'List version id' }],
        ['list_snapshot', { ja: '送信時のリスト', en: 'List as sent' }],
        ['respond_by', { ja: '回答期限', en: 'Respond by' }],
        ['requester_ref', { ja: '依頼元の管理番号', en: 'Requester reference' }],
        ['responder_ref', { ja: '回答者の管理番号', en: 'Responder reference' }],
        ['status', { ja: '状態', en: 'Status' }],
        ['return_reason', { ja: '差し戻し理由', en: 'Return reason' }],
        ['accepted_response_id', { ja: '受理した回答ID', en: 'Accepted response id' }],
        ['created_by', { ja: '作成者ID', en: 'Created by' }],
        ['created_by_name', { ja: '作成者', en: 'Created by (name)' }],
        CREATED_COLUMN,
        ['sent_at', { ja: '送信日時（UTC）', en: 'Sent (UTC)' }],
        ['submitted_at', { ja: '回答日時（UTC）', en: 'Answered (UTC)' }],
        ['closed_at', { ja: '完了日時（UTC）', en: 'Closed (UTC)' }],
        UPDATED_COLUMN,
        VERSION_COLUMN,
      ],
      keys: ID_KEY,
    }),
    ownExportTable(ctx, {
      name: 'survey_responses',
      title: { ja: '作成した回答', en: 'Responses written' },
      from: `SELECT tenant_id, id, request_id, request_tenant_id, source, status, products, compliance, responder_company, contact, comment, review_comment,
                    drafted_by, drafted_by_name, authorizer_user_id, authorizer_name, approved_at, sent_at, created_at, updated_at, version
               FROM survey.responses`,
      columns: [
        ['id', { ja: '回答ID', en: 'Response id' }],
        REQUEST_ID,
        ['request_tenant_id', { ja: '依頼元の企業ID', en: 'Requester company id' }],
        ['source', { ja: '回答経路', en: 'Source' }],
        ['status', { ja: '状態', en: 'Status' }],
        ['products', { ja: '回答した製品', en: 'Products' }],
        ['compliance', { ja: '適合宣言', en: 'Compliance' }],
        ['responder_company', { ja: '回答者の会社', en: 'Responder company' }],
        ['contact', { ja: '連絡先', en: 'Contact' }],
        ['comment', { ja: 'コメント', en: 'Comment' }],
        ['review_comment', { ja: '承認者のコメント', en: 'Review comment' }],
        ['drafted_by', { ja: '作成者ID', en: 'Drafted by' }],
        ['drafted_by_name', { ja: '作成者', en: 'Drafted by (name)' }],
        ['authorizer_user_id', { ja: '承認者ID', en: 'Authorizer id' }],
        ['authorizer_name', { ja: '承認者', en: 'Authorizer' }],
        ['approved_at', { ja: '承認日時（UTC）', en: 'Approved (UTC)' }],
        ['sent_at', { ja: '送信日時（UTC）', en: 'Sent (UTC)' }],
        CREATED_COLUMN,
        UPDATED_COLUMN,
        VERSION_COLUMN,
      ],
      keys: ID_KEY,
    }),
    ownExportTable(ctx, {
      name: 'survey_response_files',
      title: { ja: '回答の添付ファイル', en: 'Response files' },
      from: `SELECT r.tenant_id, r.file_id, r.response_id, r.request_id, r.name, r.bytes, r.kind,
                    'files/survey/' || r.file_id || '-' || f.name AS archive_path, r.created_at
               FROM survey.response_files r LEFT JOIN platform.files f ON f.tenant_id = r.tenant_id AND f.id = r.file_id`,
      columns: [
        ['file_id', { ja: 'ファイルID', en: 'File id' }],
        RESPONSE_ID,
        REQUEST_ID,
        ['name', { ja: 'ファイル名', en: 'File name' }],
        ['bytes', { ja: 'サイズ（バイト）', en: 'Size (bytes)' }],
        ['kind', { ja: '種類', en: 'Kind' }],
        ['archive_path', { ja: 'エクスポート内のファイル', en: 'File in this export' }],
        CREATED_COLUMN,
      ],
      keys: [{ column: 'file_id', type: 'uuid' }],
    }),
    ownExportTable(ctx, {
      name: 'survey_request_events',
      title: { ja: '調査依頼の履歴（自社の操作）', en: 'Request history (own actions)' },
      from: 'SELECT tenant_id, id, request_id, response_id, event, comment, actor_name, actor_company, at FROM survey.request_events',
      columns: [
        ['id', { ja: '履歴ID', en: 'Event id' }],
        REQUEST_ID,
        RESPONSE_ID,
        ['event', { ja: '出来事', en: 'Event' }],
        ['comment', { ja: 'コメント', en: 'Comment' }],
        ['actor_name', { ja: '操作者', en: 'Actor' }],
        ['actor_company', { ja: '操作者の会社', en: 'Actor company' }],
        ['at', { ja: '日時（UTC）', en: 'At (UTC)' }],
      ],
      keys: ID_KEY,
    }),
    ownExportTable(ctx, {
      name: 'survey_upload_links',
      title: { ja: '社外向け回答用リンク', en: 'Upload links for outside companies' },
      from: 'SELECT tenant_id, id, request_id, email, expires_at, revoked_at, last_opened_at, submitted_at, bytes_received, created_at FROM survey.upload_links',
      columns: [
        ['id', { ja: 'リンクID', en: 'Link id' }],
        REQUEST_ID,
        ['email', { ja: '送信先メールアドレス', en: 'E-mail' }],
        ['expires_at', { ja: '有効期限（UTC）', en: 'Expires (UTC)' }],
        ['revoked_at', { ja: '無効化日時（UTC）', en: 'Revoked (UTC)' }],
        ['last_opened_at', { ja: '最終アクセス日時（UTC）', en: 'Last opened (UTC)' }],
        ['submitted_at', { ja: '回答日時（UTC）', en: 'Submitted (UTC)' }],
        ['bytes_received', { ja: '受信量（バイト）', en: 'Bytes received' }],
        CREATED_COLUMN,
      ],
      keys: ID_KEY,
    }),
  ];
}

/**
 * A tenant's survey export: its settings, lists with their versions and entries, products with
 * their composition and check results, the requests it sent, the responses it wrote with their
 * files, its own history entries and the upload links it issued.
 */
export async function* surveyExport(ctx: ExportContext): AsyncGenerator<ExportItem> {
  for (const table of surveyExportTables(ctx)) yield { kind: 'table', table };
}
