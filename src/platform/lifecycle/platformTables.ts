import { exportRows, keysetPages, tableRowCount, type ExportContext, type ExportTable } from '../services/index.js';

/*
 * The platform's own part of a tenant export: the company's users (never password hashes,
 * MFA secrets, recovery codes or tokens), their memberships and roles, the security settings,
 * invitations, the stored files' metadata, and the company's event log. Each table is read by keyset pagination.
 */


function usersTable(read: ExportContext['read']): ExportTable {
  return {
    name: 'platform_users',
    title: { ja: 'ユーザー', en: 'Users' },
    columns: [
      { key: 'id', header: { ja: 'ユーザーID', en: 'User id' } },
      { key: 'email', header: { ja: 'メールアドレス', en: 'E-mail' } },
      { key: 'display_name', header: { ja: '氏名', en: 'Name' } },
      { key: 'locale', header: { ja: '言語', en: 'Language' } },
      { key: 'status', header: { ja: '状態', en: 'Status' } },
      { key: 'must_change_password', header: { ja: 'パスワード変更が必要', en: 'Must change password' } },
      { key: 'remarks', header: { ja: '備考', en: 'Remarks' } },
      { key: 'created_at', header: { ja: '登録日時（UTC）', en: 'Created (UTC)' } },
      { key: 'updated_at', header: { ja: '更新日時（UTC）', en: 'Updated (UTC)' } },
    ],
    count: tableRowCount(read, 'platform.users'),
    rows: () =>
      keysetPages(read, {
        columns: 'id, email, display_name, locale, status, must_change_password, remarks, created_at, updated_at',
        from: 'platform.users',
        keys: [{ column: 'id', type: 'uuid' }],
      }),
  };
}

function membershipsTable(read: ExportContext['read']): ExportTable {
  return {
    name: 'platform_memberships',
    title: { ja: 'サービスの利用者と役割', en: 'Service memberships and roles' },
    columns: [
      { key: 'user_id', header: { ja: 'ユーザーID', en: 'User id' } },
      { key: 'service', header: { ja: 'サービス', en: 'Service' } },
      { key: 'role', header: { ja: '役割', en: 'Role' } },
      { key: 'created_at', header: { ja: '登録日時（UTC）', en: 'Created (UTC)' } },
    ],
    count: tableRowCount(read, 'platform.memberships'),
    rows: () =>
      keysetPages(read, {
        columns: 'user_id, service, role, created_at',
        from: 'platform.memberships',
        keys: [
          { column: 'user_id', type: 'uuid' },
          { column: 'service', type: 'text' },
        ],
      }),
  };
}

function settingsTable(read: ExportContext['read']): ExportTable {
  return {
    name: 'platform_security_settings',
    title: { ja: 'セキュリティ設定', en: 'Security settings' },
    columns: [
      { key: 'mfa_required', header: { ja: '多要素認証を必須にする', en: 'MFA required' } },
      { key: 'session_idle_minutes', header: { ja: '無操作でログアウトするまでの時間（分）', en: 'Idle sign-out (minutes)' } },
      { key: 'session_absolute_hours', header: { ja: 'ログインの有効時間（時間）', en: 'Session lifetime (hours)' } },
      { key: 'updated_at', header: { ja: '更新日時（UTC）', en: 'Updated (UTC)' } },
    ],
    count: tableRowCount(read, 'platform.tenant_settings'),
    rows: async function* () {
      const rows = await read((tx) => exportRows(tx, 'SELECT mfa_required, session_idle_minutes, session_absolute_hours, updated_at FROM platform.tenant_settings'));
      if (rows.length > 0) yield rows;
    },
  };
}

function invitationsTable(read: ExportContext['read']): ExportTable {
  return {
    name: 'platform_invitations',
    title: { ja: '招待', en: 'Invitations' },
    columns: [
      { key: 'id', header: { ja: '招待ID', en: 'Invitation id' } },
      { key: 'service', header: { ja: 'サービス', en: 'Service' } },
      { key: 'email', header: { ja: 'メールアドレス', en: 'E-mail' } },
      { key: 'role', header: { ja: '役割', en: 'Role' } },
      { key: 'status', header: { ja: '状態', en: 'Status' } },
      { key: 'invited_by_name', header: { ja: '招待した人', en: 'Invited by' } },
      { key: 'created_at', header: { ja: '招待日時（UTC）', en: 'Invited (UTC)' } },
      { key: 'expires_at', header: { ja: '有効期限（UTC）', en: 'Expires (UTC)' } },
      { key: 'accepted_at', header: { ja: '受諾日時（UTC）', en: 'Accepted (UTC)' } },
      { key: 'revoked_at', header: { ja: '取り消し日時（UTC）', en: 'Revoked (UTC)' } },
    ],
    count: tableRowCount(read, 'platform.invitations'),
    rows: () =>
      keysetPages(read, {
        columns: 'id, service, email, role, status, invited_by_name, created_at, expires_at, accepted_at, revoked_at',
        from: 'platform.invitations',
        keys: [{ column: 'id', type: 'uuid' }],
      }),
  };
}

/** The metadata of the stored files; their contents are in the archive's files/ folder. */
function filesTable(read: ExportContext['read']): ExportTable {
  return {
    name: 'platform_files',
    title: { ja: '登録ファイル', en: 'Stored files' },
    columns: [
      { key: 'id', header: { ja: 'ファイルID', en: 'File id' } },
      { key: 'service', header: { ja: 'サービス', en: 'Service' } },
      { key: 'name', header: { ja: 'ファイル名', en: 'File name' } },
      { key: 'content_type', header: { ja: '形式', en: 'Content type' } },
      { key: 'bytes', header: { ja: 'サイズ（バイト）', en: 'Size (bytes)' } },
      { key: 'sha256', header: { ja: 'SHA-256', en: 'SHA-256' } },
      { key: 'created_by', header: { ja: '登録した人のID', en: 'Created by (user id)' } },
      { key: 'created_at', header: { ja: '登録日時（UTC）', en: 'Created (UTC)' } },
    ],
    count: async () => read(async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM platform.files WHERE deleted_at IS NULL')).rows[0]?.n ?? 0),
    rows: () =>
      keysetPages(read, {
        columns: 'id, service, name, content_type, bytes, sha256, created_by, created_at',
        from: 'platform.files',
        where: 'deleted_at IS NULL',
        keys: [{ column: 'id', type: 'uuid' }],
      }),
  };
}

const EVENT_COLUMNS = `seq, id, occurred_at, actor_type, actor_id, actor_name, action, target_type, target_id, target_labels,
  result, reason, ip, user_agent, request_id, details, changes, prev_hash, hash`;

/**
 * The company's event log: entries from before the hash chains (no sequence number) first, by
 * time, then the chain in sequence order, so the hashes can be checked in file order.
 */
function eventsTable(read: ExportContext['read']): ExportTable {
  return {
    name: 'audit_tenant_events',
    title: { ja: 'イベントログ', en: 'Event log' },
    columns: [
      { key: 'seq', header: { ja: '連番', en: 'Sequence' } },
      { key: 'id', header: { ja: 'イベントID', en: 'Event id' } },
      { key: 'occurred_at', header: { ja: '日時（UTC）', en: 'Time (UTC)' } },
      { key: 'actor_type', header: { ja: '操作者の種別', en: 'Actor type' } },
      { key: 'actor_id', header: { ja: '操作者ID', en: 'Actor id' } },
      { key: 'actor_name', header: { ja: '操作者', en: 'Actor' } },
      { key: 'action', header: { ja: '操作', en: 'Action' } },
      { key: 'target_type', header: { ja: '対象の種別', en: 'Target type' } },
      { key: 'target_id', header: { ja: '対象ID', en: 'Target id' } },
      { key: 'target_labels', header: { ja: '分類', en: 'Classification' } },
      { key: 'result', header: { ja: '結果', en: 'Result' } },
      { key: 'reason', header: { ja: '理由', en: 'Reason' } },
      { key: 'ip', header: { ja: 'IPアドレス', en: 'IP address' } },
      { key: 'user_agent', header: { ja: 'ユーザーエージェント', en: 'User agent' } },
      { key: 'request_id', header: { ja: 'リクエストID', en: 'Request id' } },
      { key: 'details', header: { ja: '詳細', en: 'Details' } },
      { key: 'changes', header: { ja: '変更内容', en: 'Changes' } },
      { key: 'prev_hash', header: { ja: '直前のハッシュ', en: 'Previous hash' } },
      { key: 'hash', header: { ja: 'ハッシュ', en: 'Hash' } },
    ],
    count: tableRowCount(read, 'audit.tenant_events'),
    rows: async function* () {
      yield* keysetPages(read, {
        columns: EVENT_COLUMNS,
        from: 'audit.tenant_events',
        where: 'seq IS NULL',
        keys: [
          { column: 'occurred_at', type: 'timestamptz' },
          { column: 'id', type: 'uuid' },
        ],
      });
      yield* keysetPages(read, { columns: EVENT_COLUMNS, from: 'audit.tenant_events', where: 'seq IS NOT NULL', keys: [{ column: 'seq', type: 'bigint' }] });
    },
  };
}

/** The platform's tables of the tenant, in the order they appear in the export. */
export function platformExportTables(read: ExportContext['read']): ExportTable[] {
  return [usersTable(read), membershipsTable(read), settingsTable(read), invitationsTable(read), filesTable(read), eventsTable(read)];
}
