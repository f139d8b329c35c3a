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
 * The catalog part of a tenant export: the company's own rows only. Under the tenant's RLS
 * context it also sees other companies' published products (and, on a paid plan, their
 * properties, documents and contacts) and the inquiries and messages other companies sent it;
 * those are not its data, so every query names the tenant. Original files (product documents,
 * inquiry attachments) are in the platform's part of the export, `files/catalog/<file id>-<name>`;
 * the document and attachment tables give that path for each file.
 */

const PRODUCT_ID: ExportColumnSpec = ['product_id', { ja: '製品ID', en: 'Product id' }];
const LINE_NO: ExportColumnSpec = ['line_no', { ja: '行番号', en: 'Line' }];
const BY_LINE = [
  { column: 'product_id', type: 'uuid' },
  { column: 'line_no', type: 'int' },
];

/** The catalog tables of a tenant export. */
export function catalogExportTables(ctx: ExportContext): ExportTable[] {
  return [
    ownExportTable(ctx, {
      name: 'catalog_publisher_profile',
      title: { ja: '掲載企業プロフィール', en: 'Publisher profile' },
      from: 'SELECT tenant_id, display_name, display_name_en, description, description_en, website, sites, certifications, version, created_at, updated_at FROM catalog.publishers',
      columns: [
        ['tenant_id', { ja: '企業ID', en: 'Company id' }],
        ['display_name', { ja: '表示名', en: 'Display name' }],
        ['display_name_en', { ja: '英語表示名', en: 'Display name (English)' }],
        ['description', { ja: '紹介文', en: 'Description' }],
        ['description_en', { ja: '英語紹介文', en: 'Description (English)' }],
        ['website', { ja: 'ウェブサイト', en: 'Website' }],
        ['sites', { ja: '拠点', en: 'Sites' }],
        ['certifications', { ja: '認証', en: 'Certifications' }],
        VERSION_COLUMN,
        CREATED_COLUMN,
        UPDATED_COLUMN,
      ],
      keys: [{ column: 'tenant_id', type: 'uuid' }],
    }),
    ownExportTable(ctx, {
      name: 'catalog_publisher_contacts',
      title: { ja: '窓口', en: 'Contacts' },
      from: 'SELECT tenant_id, id, name, department, email, phone, topics, sort_order, created_at FROM catalog.publisher_contacts',
      columns: [
        ['id', { ja: '窓口ID', en: 'Contact id' }],
        ['name', { ja: '名称', en: 'Name' }],
        ['department', { ja: '部署', en: 'Department' }],
        ['email', { ja: 'メールアドレス', en: 'E-mail' }],
        ['phone', { ja: '電話番号', en: 'Phone' }],
        ['topics', { ja: '対応内容', en: 'Topics' }],
        ['sort_order', { ja: '表示順', en: 'Order' }],
        CREATED_COLUMN,
      ],
      keys: ID_KEY,
    }),
    ownExportTable(ctx, {
      name: 'catalog_products',
      title: { ja: '製品', en: 'Products' },
      from: `SELECT tenant_id, id, name, name_en, grade, brand, category, form, description, description_en, applications, processing_methods,
                    regulatory_flags, status, published_at, remarks, labels, version, created_by, created_at, updated_at FROM catalog.products`,
      columns: [
        ['id', { ja: '製品ID', en: 'Product id' }],
        ['name', { ja: '製品名', en: 'Name' }],
        ['name_en', { ja: '英語名', en: 'Name (English)' }],
        ['grade', { ja: 'グレード', en: 'Grade' }],
        ['brand', { ja: 'ブランド', en: 'Brand' }],
        ['category', { ja: '分類', en: 'Category' }],
        ['form', { ja: '形状', en: 'Form' }],
        ['description', { ja: '説明', en: 'Description' }],
        ['description_en', { ja: '英語説明', en: 'Description (English)' }],
        ['applications', { ja: '用途', en: 'Applications' }],
        ['processing_methods', { ja: '加工方法', en: 'Processing methods' }],
        ['regulatory_flags', { ja: '規制', en: 'Regulatory flags' }],
        ['status', { ja: '状態', en: 'Status' }],
        ['published_at', { ja: '公開日時（UTC）', en: 'Published (UTC)' }],
        ['remarks', { ja: '備考', en: 'Remarks' }],
        ['labels', { ja: 'ラベル', en: 'Labels' }],
        VERSION_COLUMN,
        ['created_by', { ja: '作成者ID', en: 'Created by' }],
        CREATED_COLUMN,
        UPDATED_COLUMN,
      ],
      keys: ID_KEY,
    }),
    ownExportTable(ctx, {
      name: 'catalog_product_components',
      title: { ja: '組成', en: 'Composition' },
      from: 'SELECT tenant_id, product_id, line_no, cas_number, name, min_pct, max_pct FROM catalog.product_components',
      columns: [
        PRODUCT_ID,
        LINE_NO,
        ['cas_number', { ja: 'CAS番号', en: 'CAS number' }],
        ['name', { ja: '成分名', en: 'Component' }],
        ['min_pct', { ja: '下限(%)', en: 'Min (%)' }],
        ['max_pct', { ja: '上限(%)', en: 'Max (%)' }],
      ],
      keys: BY_LINE,
    }),
    ownExportTable(ctx, {
      name: 'catalog_product_properties',
      title: { ja: '物性', en: 'Properties' },
      from: 'SELECT tenant_id, product_id, line_no, property_key, name, value_min, value_max, value_text, unit, test_method, conditions FROM catalog.product_properties',
      columns: [
        PRODUCT_ID,
        LINE_NO,
        ['property_key', { ja: '項目キー', en: 'Key' }],
        ['name', { ja: '項目名', en: 'Name' }],
        ['value_min', { ja: '値（下限）', en: 'Value (min)' }],
        ['value_max', { ja: '値（上限）', en: 'Value (max)' }],
        ['value_text', { ja: '値（文字）', en: 'Value (text)' }],
        ['unit', { ja: '単位', en: 'Unit' }],
        ['test_method', { ja: '試験方法', en: 'Test method' }],
        ['conditions', { ja: '条件', en: 'Conditions' }],
      ],
      keys: BY_LINE,
    }),
    ownExportTable(ctx, {
      name: 'catalog_product_documents',
      title: { ja: '資料', en: 'Documents' },
      from: `SELECT d.tenant_id, d.id, d.product_id, d.kind, d.language, d.doc_version, d.issued_on, d.is_current, d.file_id, f.name AS file_name, f.bytes,
                    'files/catalog/' || d.file_id || '-' || f.name AS archive_path, d.created_by, d.created_at
               FROM catalog.product_documents d LEFT JOIN platform.files f ON f.tenant_id = d.tenant_id AND f.id = d.file_id`,
      columns: [
        ['id', { ja: '資料ID', en: 'Document id' }],
        PRODUCT_ID,
        ['kind', { ja: '種類', en: 'Kind' }],
        ['language', { ja: '言語', en: 'Language' }],
        ['doc_version', { ja: '資料の版', en: 'Document version' }],
        ['issued_on', { ja: '発行日', en: 'Issued on' }],
        ['is_current', { ja: '最新版', en: 'Current' }],
        ['file_id', { ja: 'ファイルID', en: 'File id' }],
        ['file_name', { ja: 'ファイル名', en: 'File name' }],
        ['bytes', { ja: 'サイズ（バイト）', en: 'Size (bytes)' }],
        ['archive_path', { ja: 'エクスポート内のファイル', en: 'File in this export' }],
        ['created_by', { ja: '登録者ID', en: 'Added by' }],
        CREATED_COLUMN,
      ],
      keys: ID_KEY,
    }),
    ownExportTable(ctx, {
      name: 'catalog_list_entries',
      title: { ja: '使用中・検討中リスト', en: 'Product lists' },
      from: 'SELECT tenant_id, list, product_tenant_id, product_id, note, added_by, added_at FROM catalog.list_entries',
      columns: [
        ['list', { ja: 'リスト', en: 'List' }],
        ['product_tenant_id', { ja: '掲載企業ID', en: 'Publisher id' }],
        PRODUCT_ID,
        ['note', { ja: 'メモ', en: 'Note' }],
        ['added_by', { ja: '追加者ID', en: 'Added by' }],
        ['added_at', { ja: '追加日時（UTC）', en: 'Added (UTC)' }],
      ],
      keys: [
        { column: 'list', type: 'text' },
        { column: 'product_tenant_id', type: 'uuid' },
        { column: 'product_id', type: 'uuid' },
      ],
    }),
    ownExportTable(ctx, {
      name: 'catalog_inquiries',
      title: { ja: '送信した問い合わせ', en: 'Inquiries sent' },
      from: `SELECT tenant_id, id, publisher_tenant_id, publisher_name, product_id, product_name, kind, subject, status, created_by, created_at, updated_at, last_message_at
               FROM catalog.inquiries`,
      columns: [
        ['id', { ja: '問い合わせID', en: 'Inquiry id' }],
        ['publisher_tenant_id', { ja: '問い合わせ先ID', en: 'Publisher id' }],
        ['publisher_name', { ja: '問い合わせ先', en: 'Publisher' }],
        PRODUCT_ID,
        ['product_name', { ja: '製品名', en: 'Product' }],
        ['kind', { ja: '種別', en: 'Kind' }],
        ['subject', { ja: '件名', en: 'Subject' }],
        ['status', { ja: '状態', en: 'Status' }],
        ['created_by', { ja: '作成者ID', en: 'Created by' }],
        CREATED_COLUMN,
        UPDATED_COLUMN,
        ['last_message_at', { ja: '最終メッセージ日時（UTC）', en: 'Last message (UTC)' }],
      ],
      keys: ID_KEY,
    }),
    ownExportTable(ctx, {
      name: 'catalog_inquiry_messages',
      title: { ja: '問い合わせで送ったメッセージ', en: 'Inquiry messages written' },
      from: `SELECT m.tenant_id, m.id, m.inquiry_id, m.body, m.author_user_id, m.author_name, m.created_at,
                    (SELECT coalesce(array_agg('files/catalog/' || f.file_id || '-' || f.name ORDER BY f.created_at), '{}')
                       FROM catalog.inquiry_files f WHERE f.tenant_id = m.tenant_id AND f.message_id = m.id) AS attachments
               FROM catalog.inquiry_messages m`,
      columns: [
        ['id', { ja: 'メッセージID', en: 'Message id' }],
        ['inquiry_id', { ja: '問い合わせID', en: 'Inquiry id' }],
        ['body', { ja: '本文', en: 'Message' }],
        ['author_user_id', { ja: '作成者ID', en: 'Author id' }],
        ['author_name', { ja: '作成者', en: 'Author' }],
        ['attachments', { ja: 'エクスポート内の添付ファイル', en: 'Attachments in this export' }],
        CREATED_COLUMN,
      ],
      keys: ID_KEY,
    }),
  ];
}

/**
 * A tenant's catalog export: its profile and contacts, its products with their composition,
 * properties and documents, its lists, and the inquiries it sent and the messages it wrote.
 */
export async function* catalogExport(ctx: ExportContext): AsyncIterable<ExportItem> {
  for (const table of catalogExportTables(ctx)) yield { kind: 'table', table };
}
