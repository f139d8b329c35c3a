import { complianceErrors } from './errorCodes/compliance.js';
import { surveyFileErrors } from './errorCodes/surveyFiles.js';
import { surveyLinkErrors } from './errorCodes/surveyLinks.js';
import { surveyListErrors } from './errorCodes/surveyLists.js';
import { surveyProductErrors } from './errorCodes/surveyProducts.js';
import { surveyRequestErrors } from './errorCodes/surveyRequests.js';
import { interpolate, type Lang, type Localized } from './i18n.js';

/**
 * Stable error codes, their HTTP status and their user-facing messages (ja/en).
 * The internal detail of an error never reaches the user; 500s say nothing internal.
 */
const catalog = {
  'validation.failed': { status: 400, ja: '入力内容に誤りがあります。各項目のメッセージを確認してください。', en: 'Some fields are not valid. Check the message beside each field.' },
  'request.malformed': { status: 400, ja: 'リクエストの形式が正しくありません。', en: 'The request is malformed.' },
  'request.too_large': { status: 413, ja: 'リクエストが大きすぎます。', en: 'The request is too large.' },
  'request.unsupported_media_type': { status: 415, ja: 'この形式のデータは受け付けられません。', en: 'This content type is not accepted.' },
  'auth.required': { status: 401, ja: 'ログインしてください。', en: 'Please sign in.' },
  'auth.invalid_credentials': { status: 401, ja: '企業コード、メールアドレスまたはパスワードが正しくありません。', en: 'The company code, e-mail or password is incorrect.' },
  'auth.forbidden': { status: 403, ja: 'この操作を行う権限がありません。', en: 'You do not have permission to do this.' },
  'csrf.invalid': { status: 403, ja: 'ページの有効期限が切れました。再読み込みしてからもう一度お試しください。', en: 'This page has expired. Reload it and try again.' },
  'not_found': { status: 404, ja: '見つかりません。', en: 'Not found.' },
  'route.not_found': { status: 404, ja: 'このアドレスは存在しません。', en: 'There is nothing at this address.' },
  'method.not_allowed': { status: 405, ja: 'この操作はこのアドレスでは使えません。', en: 'This method is not allowed here.' },
  'conflict': { status: 409, ja: '他の操作と競合しました。再読み込みしてからもう一度お試しください。', en: 'This conflicts with another change. Reload and try again.' },
  'setup.link_invalid': { status: 404, ja: 'このセットアップリンクは無効か、期限切れです。サーバーの管理者に新しいリンクを依頼してください。', en: 'This setup link is invalid or has expired. Ask the server operator for a new link.' },
  'setup.already_done': { status: 409, ja: '運用スタッフのアカウントは既に作成されています。既存のスタッフにアカウント作成を依頼してください。', en: 'A staff account already exists. Ask an existing staff member to create your account.' },
  'auth.temporary_password_expired': { status: 401, ja: '仮パスワードの有効期限が切れています。運営事業者の窓口に再発行をご依頼ください。', en: 'Your temporary password has expired. Ask the provider to issue a new one.' },
  'auth.password_change_required': { status: 403, ja: 'パスワードの変更が必要です。新しいパスワードを設定してください。', en: 'You must change your password before continuing.' },
  // identity.account codes (sessions, lockout, password change and reset)
  'account.current_password_invalid': { status: 400, ja: '現在のパスワードが正しくありません。', en: 'The current password is incorrect.' },
  'account.password_unchanged': { status: 400, ja: '新しいパスワードには、現在のパスワードと異なるものを指定してください。', en: 'Choose a new password that differs from the current one.' },
  'account.reset_link_invalid': { status: 404, ja: 'このパスワード再設定用のリンクは無効か、有効期限が切れているか、すでに使用されています。お手数ですが、もう一度再設定をお申し込みください。', en: 'This password reset link is invalid, has expired or has already been used. Please request a new one.' },
  // identity.mfa codes (TOTP, recovery codes, passkeys, MFA policy)
  'mfa.challenge_invalid': { status: 401, ja: '本人確認の有効期限が切れたか、試行回数の上限に達しました。もう一度ログインしてください。', en: 'This verification has expired or had too many attempts. Sign in again.' },
  'mfa.code_invalid': { status: 400, ja: '確認コードが正しくありません。認証アプリに表示されている最新の6桁のコードを入力してください。', en: 'The code is not correct. Enter the current 6-digit code from your authenticator app.' },
  'mfa.recovery_code_invalid': { status: 400, ja: 'リカバリーコードが正しくないか、すでに使用されています。未使用のコードを入力してください。', en: 'This recovery code is wrong or has already been used. Enter an unused code.' },
  'mfa.passkey_failed': { status: 400, ja: 'パスキーを確認できませんでした。もう一度お試しいただくか、別の方法を選んでください。', en: 'The passkey could not be verified. Try again or choose another method.' },
  'mfa.passkey_duplicate': { status: 409, ja: 'このパスキーはすでに登録されています。', en: 'This passkey is already registered.' },
  'mfa.method_unavailable': { status: 400, ja: 'この方法はお使いのアカウントでは利用できません。別の方法を選んでください。', en: 'This method is not set up for your account. Choose another method.' },
  'mfa.totp_already_enrolled': { status: 409, ja: '認証アプリはすでに登録されています。登録し直すには、いったん解除してください。', en: 'An authenticator app is already set up. Remove it first to set up a new one.' },
  'mfa.totp_not_enrolled': { status: 409, ja: '認証アプリは登録されていません。', en: 'No authenticator app is set up.' },
  'mfa.enrolment_not_started': { status: 409, ja: '登録手続きが見つかりません。最初からやり直してください。', en: 'No setup is in progress. Start again.' },
  'mfa.reauth_failed': { status: 400, ja: 'パスワードまたは確認コードが正しくありません。', en: 'The password or code is not correct.' },
  'mfa.last_factor_required': { status: 409, ja: '組織の設定で多要素認証が必須のため、最後の認証方法は削除できません。先に別の方法を登録してください。', en: 'Your organisation requires multi-factor authentication, so your last method cannot be removed. Add another method first.' },
  'mfa.no_factor': { status: 409, ja: 'リカバリーコードを発行するには、先に認証アプリかパスキーを登録してください。', en: 'Set up an authenticator app or a passkey before creating recovery codes.' },
  'auth.staff_invalid_credentials': { status: 401, ja: 'メールアドレスまたはパスワードが正しくありません。パスワードまたは確認コードを5回続けて誤ると、アカウントは15分間ロックされます。ロックされた場合は時間をおいてからお試しいただくか、セキュリティ責任者に解除を依頼してください。', en: 'The e-mail or password is incorrect. Five wrong passwords or codes in a row lock the account for 15 minutes; then wait, or ask a security officer to unlock it.' },
  'auth.staff_mfa_invalid': { status: 401, ja: '確認コードが正しくないか、サインインの有効期限が切れました。もう一度サインインしてください。パスワードまたは確認コードを5回続けて誤ると、アカウントは15分間ロックされます。', en: 'The code is wrong or the sign-in has expired. Sign in again. Five wrong passwords or codes in a row lock the account for 15 minutes.' },
  // members codes (adding, inviting, deleting members; roles)
  'members.staff_managed': { status: 403, ja: 'このサービスのメンバーの追加・削除・役割の変更は、貴社からのご依頼に基づき運営事業者が行います。ご依頼は運営事業者の窓口へお寄せください。', en: 'Members of this service are added, removed and re-roled by the provider at your request. Please send your request to the provider.' },
  'members.invitation_only': { status: 403, ja: 'このサービスでは、メンバーはメールでの招待により追加します。「招待する」から招待を送ってください。', en: 'Members of this service are added by e-mail invitation. Use “Invite” to send one.' },
  'members.direct_add_only': { status: 403, ja: 'このサービスでは招待は使いません。管理者がメンバーを追加し、初期パスワードを設定します。', en: 'This service does not use invitations. An admin adds members and sets their initial password.' },
  'members.not_all_services': { status: 403, ja: 'このユーザーは、あなたが管理していないサービス（運営事業者が管理する化学調査を含む）のメンバーでもあるため、この操作はできません。', en: 'This user is also a member of a service you do not manage (including the chemical survey, which the provider manages), so you cannot do this.' },
  'members.last_admin': { status: 409, ja: '{service_ja}の管理者はこのユーザーだけのため、削除・役割の変更・無効化はできません。先に別のメンバーを管理者にしてください。', en: 'This user is the only admin of {service_en}, so they cannot be removed, demoted or disabled. Make another member an admin first.' },
  'members.cannot_disable_self': { status: 409, ja: '自分自身を無効化することはできません。別の管理者に依頼してください。', en: 'You cannot disable yourself. Ask another admin.' },
  'members.email_taken': { status: 409, ja: 'このメールアドレスのユーザーは既に登録されています。一覧から、そのユーザーをこのサービスに追加してください。', en: 'A user with this e-mail address already exists. Add that user to this service from the list.' },
  'members.already_member': { status: 409, ja: 'このユーザーは既にこのサービスのメンバーです。役割を変えるには「役割を変更」を使ってください。', en: 'This user is already a member of this service. Use “Change role” to change their role.' },
  'members.service_not_contracted': { status: 409, ja: 'このサービスはご契約に含まれていないため、メンバーを追加できません。', en: 'Your contract does not include this service, so members cannot be added to it.' },
  'members.invitation_pending': { status: 409, ja: 'このメールアドレスには既に招待を送っています。招待中の一覧から再送してください。', en: 'An invitation to this address is already pending. Resend it from the list of pending invitations.' },
  'members.invitation_closed': { status: 409, ja: 'この招待は既に受け入れられたか、取り消されています。', en: 'This invitation has already been accepted or revoked.' },
  'members.invitation_invalid': { status: 404, ja: 'この招待リンクは無効か、有効期限が切れているか、既に使われています。招待した方に再送を依頼してください。', en: 'This invitation link is invalid, has expired or has already been used. Ask the person who invited you to send it again.' },
  'members.invitation_sign_in_required': { status: 409, ja: 'このメールアドレスのアカウントは既にあります。そのアカウントでログインしてから、もう一度招待のリンクを開いてください。', en: 'An account with this e-mail address already exists. Sign in with it, then open the invitation link again.' },
  'members.invitation_wrong_account': { status: 403, ja: 'この招待は、ログイン中のアカウントとは別のメールアドレス宛てです。招待されたメールアドレスのアカウントでログインし直してください。', en: 'This invitation is for a different e-mail address than the account you are signed in with. Sign in with the invited address.' },
  'members.first_login_invalid': { status: 404, ja: 'この初回ログイン用のリンクは無効か、有効期限が切れているか、既に使われています。弊社サポート窓口に新しいリンクをご依頼ください。', en: 'This first sign-in link is invalid, has expired or has already been used. Ask our support desk for a new link.' },
  'members.company_code_taken': { status: 409, ja: 'この企業コードは既に使われています。別の企業コードを指定してください。', en: 'This company code is already in use. Choose another one.' },
  // audit codes (event logs, evidence, retention, break-glass)
  'audit.evidence_gone': { status: 409, ja: 'この証跡パッケージの対象期間のログの一部が保存期間の経過により削除されたため、パッケージを作成し直せません。新しく証跡を出力してください。', en: 'Part of the log this evidence package covers has been removed under the retention policy, so the package cannot be rebuilt. Export the evidence again.' },
  'breakglass.grant_required': { status: 403, ja: 'この契約者の登録データを閲覧するには、理由と期限を指定した特権アクセス（ブレークグラス）の申請が必要です。', en: 'Viewing this tenant’s data needs a break-glass grant naming the reason and a time limit.' },
  'breakglass.grant_closed': { status: 409, ja: 'この特権アクセスは既に終了しているか、期限が切れています。', en: 'This break-glass grant has already ended or expired.' },
  'retention.hold_released': { status: 409, ja: 'このリーガルホールドは既に解除されています。', en: 'This legal hold has already been released.' },
  'disclosure.reference_invalid': { status: 400, ja: '指定された契約者または証跡パッケージが見つかりません。', en: 'The tenant or evidence export given does not exist.' },
  // staff accounts codes (staff management, training records)
  'staff.email_taken': { status: 409, ja: 'このメールアドレスのスタッフアカウントは既にあります。一覧で既存のアカウントを確認してください。', en: 'A staff account with this e-mail address already exists. Find it in the list.' },
  'staff.cannot_remove_own_manage': { status: 409, ja: '自分自身からスタッフ管理の権限（セキュリティ責任者の役割）を外すことはできません。別のセキュリティ責任者に依頼してください。', en: 'You cannot remove your own right to manage staff (the security officer role). Ask another security officer.' },
  'staff.cannot_disable_self': { status: 409, ja: '自分自身のアカウントは無効化できません。別のセキュリティ責任者に依頼してください。', en: 'You cannot disable your own account. Ask another security officer.' },
  'staff.cannot_reset_own_mfa': { status: 409, ja: '自分自身の認証アプリの登録は解除できません。別のセキュリティ責任者に依頼してください。', en: 'You cannot reset your own authenticator. Ask another security officer.' },
  'staff.last_security_officer': { status: 409, ja: '有効なセキュリティ責任者はこのスタッフだけのため、その役割を外すことも無効化することもできません。先に別のスタッフをセキュリティ責任者にしてください。', en: 'This is the only active security officer, so the role cannot be removed and the account cannot be disabled. Make another staff member a security officer first.' },
  'staff.not_invited': { status: 409, ja: 'このスタッフは既にパスワードを設定済みか、無効化されているため、設定用リンクは送れません。', en: 'This staff member has already set a password or is disabled, so no setup link can be sent.' },
  'staff.mfa_not_enrolled': { status: 409, ja: 'このスタッフの認証アプリはまだ登録されていません。次回のサインイン時に登録が求められます。', en: 'This staff member has no authenticator yet; they will set one up at their next sign-in.' },
  'staff.not_locked': { status: 409, ja: 'このスタッフのアカウントはロックされていません。', en: 'This staff account is not locked.' },
  'staff.status_unchanged': { status: 409, ja: 'このスタッフのアカウントは既にその状態です。一覧を再読み込みしてください。', en: 'This staff account is already in that state. Reload the list.' },
  'staff.setup_email_mismatch': { status: 400, ja: '招待されたメールアドレスと一致しません。招待メールを受け取ったアドレスを入力してください。', en: 'This is not the invited e-mail address. Enter the address the invitation was sent to.' },
  // contracts codes (tenants, contracts, suspension)
  'contracts.overlap': { status: 409, ja: 'このサービスには期間が重なる契約が既にあります。既存の契約の終了日を変更するか、開始日・終了日を見直してください。', en: 'This service already has a contract for an overlapping period. Change the existing contract’s end date or adjust the dates.' },
  'contracts.already_suspended': { status: 409, ja: 'この契約者は既に利用停止中です。再開する場合は「利用を再開」を使ってください。', en: 'This tenant is already suspended. Use “Resume” to let its users back in.' },
  'contracts.not_suspended': { status: 409, ja: 'この契約者は利用停止中ではないため、再開できません。画面を再読み込みして状態を確認してください。', en: 'This tenant is not suspended, so it cannot be resumed. Reload the page to see its current state.' },
  'contracts.tenant_not_active': { status: 409, ja: 'この契約者は利用中ではないため、利用停止にできません。', en: 'This tenant is not active, so it cannot be suspended.' },
  'contracts.tenant_purged': { status: 409, ja: 'この契約者のデータは契約終了により削除済みのため、変更できません。再び契約する場合は新しい契約者として登録してください。', en: 'This tenant’s data was deleted after its contracts ended, so it cannot be changed. Register it as a new tenant to contract again.' },
  'contracts.survey_not_contracted': { status: 409, ja: 'この契約者には現在有効な化学調査の契約がないため、化学調査ユーザーを表示・管理できません。', en: 'This tenant has no running chemical-survey contract, so its survey users cannot be shown or managed.' },
  // maintenance codes (maintenance notices)
  'maintenance.lead_time': { status: 400, ja: 'メンテナンスは開始の{days}日以上前にお知らせする決まりのため、この開始日時では登録できません。開始日時を{days}日以上先にするか、緊急の場合は「緊急」を選んで理由を入力してください。', en: 'Maintenance must be announced at least {days} days before it starts, so this start cannot be used. Move the start at least {days} days ahead, or mark it urgent and give the reason.' },
  'maintenance.start_past': { status: 400, ja: '開始日時が過ぎています。これから先の日時を指定してください。', en: 'The start has already passed. Choose a time in the future.' },
  'maintenance.end_past': { status: 400, ja: '終了日時が過ぎています。これから先の日時を指定してください。', en: 'The end has already passed. Choose a time in the future.' },
  'maintenance.unchanged': { status: 400, ja: '変更された項目がありません。日時・対象サービス・内容のいずれかを変更してください。', en: 'Nothing has changed. Change the window, the services or the description.' },
  'maintenance.closed': { status: 409, ja: 'このメンテナンスは既に中止されたか、終了しています。変更や中止はできません。', en: 'This maintenance has already been cancelled or has ended, so it cannot be changed or cancelled.' },
  // incidents codes (incidents, notifications)
  'incidents.tenant_unknown': { status: 400, ja: '選択した契約者の中に、見つからない契約者があります。画面を再読み込みしてから選び直してください。', en: 'Some of the chosen tenants do not exist. Reload the page and choose again.' },
  'incidents.no_affected_tenants': { status: 400, ja: '発生日に対象サービスを契約している契約者がいません。影響を受ける契約者を個別に選んでください。', en: 'No tenant had a contract for the affected services on the day it occurred. Choose the affected tenants one by one.' },
  'incidents.tenant_not_affected': { status: 400, ja: '選択した契約者の中に、このインシデントの影響を受ける契約者として登録されていない契約者があります。画面を再読み込みしてから選び直してください。', en: 'Some of the chosen tenants are not recorded as affected by this incident. Reload the page and choose again.' },
  'incidents.already_notified': { status: 409, ja: '選択した契約者の中に、すでに第一報を送信した契約者があります。追加のお知らせは「続報を送信」から送ってください。', en: 'Some of the chosen tenants have already been notified. Send further news with “Send update”.' },
  'incidents.nobody_notified': { status: 409, ja: 'まだどの契約者にも第一報を送信していません。先に第一報を送信してください。', en: 'No tenant has been notified yet. Send the first notification first.' },
  'incidents.unnotified_tenants': { status: 409, ja: '第一報を送信していない契約者が{count}社あります。影響を受けるすべての契約者に通知してから終結してください。', en: '{count} affected tenant(s) have not been notified yet. Notify every affected tenant before closing the incident.' },
  'incidents.closed': { status: 409, ja: 'このインシデントはすでに終結しています。画面を再読み込みしてください。', en: 'This incident has already been closed. Reload the page.' },
  'incidents.tenant_gone': { status: 409, ja: '選択した契約者の中に、契約者情報が削除されていて連絡先が分からない契約者があります。その契約者を選択から外してください。', en: 'Some of the chosen tenants have been deleted, so their contact address is unknown. Leave them out of the selection.' },
  // reports codes (security reports, capacity)
  'reports.assignee_invalid': { status: 400, ja: '担当者には、有効なスタッフを選んでください。', en: 'Choose an active staff member as the assignee.' },
  'reports.status_unchanged': { status: 409, ja: 'この報告は既にその状態です。画面を再読み込みしてください。', en: 'This report already has that status. Reload the page.' },
  // files codes (stored files, uploads, downloads, keys)
  'files.too_large': { status: 413, ja: 'ファイルが大きすぎます。{limit_mb} MB 以下のファイルを選んでください。', en: 'The file is too large. Choose a file of {limit_mb} MB or less.' },
  'files.storage_full': { status: 507, ja: 'ファイルの保存領域がいっぱいのため、保存できませんでした。時間をおいてもう一度お試しいただくか、管理者に連絡してください。', en: 'The file could not be saved because file storage is full. Try again later or contact your administrator.' },
  'files.not_found': { status: 404, ja: 'ファイルが見つかりません。削除されたか、このファイルを見る権限がありません。', en: 'The file was not found. It was deleted, or you may not view it.' },
  'files.name_missing': { status: 400, ja: 'ファイル名を受け取れませんでした。ファイルを選び直して、もう一度アップロードしてください。', en: 'The file name was not received. Choose the file again and upload it once more.' },
  // backup codes (backups, restore)
  'backup.not_found': { status: 404, ja: '指定されたバックアップは見つかりません。保存期間を過ぎて削除された可能性があります。一覧を再読み込みしてください。', en: 'This backup does not exist; it may have been removed after its retention period. Reload the list.' },
  'backup.none': { status: 409, ja: 'まだバックアップがありません。「今すぐバックアップ」で取得するか、定期バックアップの実行をお待ちください。', en: 'There is no backup yet. Take one with “Back up now” or wait for the scheduled backup.' },
  'backup.unavailable': { status: 409, ja: 'この構成ではアプリケーションが取得するバックアップはありません（PostgreSQLのWALアーカイブとオブジェクトストレージ側の保護を使います）。', en: 'The application takes no backups in this setup (PostgreSQL WAL archiving and the object storage’s own protection are used).' },
  // lifecycle codes (exports, purge)
  'lifecycle.export_forbidden': { status: 403, ja: 'データのエクスポートは、いずれかのサービスの管理者だけが行えます。管理者に依頼してください。', en: 'Only an admin of one of your services can export the data. Ask an admin.' },
  'lifecycle.export_in_progress': { status: 409, ja: 'エクスポートを実行中です。完了してから、もう一度お試しください。', en: 'An export is already running. Wait until it has finished, then try again.' },
  'lifecycle.export_not_ready': { status: 409, ja: 'このエクスポートはまだ完了していません。進み具合の表示が100%になってからダウンロードしてください。', en: 'This export has not finished yet. Download it once the progress reaches 100%.' },
  'lifecycle.export_expired': { status: 410, ja: 'このエクスポートのダウンロード期限が過ぎたため、ファイルは削除されました。もう一度エクスポートを開始してください。', en: 'The download period of this export has ended and its file was deleted. Start a new export.' },
  'lifecycle.certificate_in_progress': { status: 409, ja: 'この削除はまだ完了していないため、削除証明書を送信できません。完了してからお試しください。', en: 'This deletion has not finished yet, so its certificate cannot be sent. Try again once it has finished.' },
  'lifecycle.no_recipient': { status: 400, ja: '送信先が登録されていません。送信先のメールアドレスを入力してください。', en: 'No address is on record. Enter the address to send to.' },
  // process.master codes (items, formulas, workstations, routings, imports)
  'process.code_taken': { status: 409, ja: 'このコードは既に使われています。別のコードを入力してください。', en: 'This code is already in use. Enter another code.' },
  'process.master_in_use': { status: 409, ja: 'この{thing_ja}は製造指図で使われているため削除できません。', en: 'This {thing_en} is used by production orders, so it cannot be deleted.' },
  'process.import_invalid': { status: 422, ja: '取り込めない行があります。一覧の行と列を直してから、もう一度取り込んでください。何も登録していません。', en: 'Some rows cannot be imported. Fix the rows and columns listed, then import again. Nothing was saved.' },
  'process.import_unreadable': { status: 400, ja: 'ファイルを読み取れませんでした。UTF-8 の CSV か Excel（.xlsx）のファイルを選んでください。', en: 'The file could not be read. Choose a UTF-8 CSV or an Excel (.xlsx) file.' },
  // process.orders codes (production orders, scheduling, Gantt)
  'process.transition_invalid': { status: 409, ja: 'この製造指図は「{from_ja}」のため、「{to_ja}」にはできません。画面を再読み込みして状態を確認してください。', en: 'This order is {from_en}, so it cannot become {to_en}. Reload the page to see its current state.' },
  'process.order_not_editable': { status: 409, ja: '製造指図を変更できるのは「下書き」か「計画済」のときだけです。この指図は「{status_ja}」です。', en: 'An order can be changed only while it is draft or planned. This order is {status_en}.' },
  'process.order_not_schedulable': { status: 409, ja: 'この製造指図は「{status_ja}」のため、日程を計画・変更できません。', en: 'This order is {status_en}, so its schedule cannot be planned or changed.' },
  'process.order_not_scheduled': { status: 409, ja: 'この製造指図の工程にはまだ日程がありません。先に日程を計画してください。', en: 'This order’s operations have no schedule yet. Schedule the order first.' },
  'process.order_no_taken': { status: 409, ja: 'この指図番号は既に使われています。別の番号を指定するか、空欄にして自動採番してください。', en: 'This order number is already in use. Enter another one, or leave it empty to have one generated.' },
  'process.item_invalid': { status: 400, ja: '品目が見つからないか、廃止されています。品目を選び直してください。', en: 'The item does not exist or has been archived. Choose the item again.' },
  'process.routing_invalid': { status: 400, ja: '工程表が見つからないか、この品目の工程表ではありません。', en: 'The routing does not exist or does not belong to this item.' },
  'process.formula_invalid': { status: 400, ja: '配合が見つからないか、この品目の配合ではありません。', en: 'The formula does not exist or does not belong to this item.' },
  'process.workstation_invalid': { status: 400, ja: '設備が見つからないか、廃止されています。', en: 'The workstation does not exist or has been archived.' },
  'process.calendar_closed': { status: 409, ja: '設備「{workstation}」には今後3年間に稼働時間がないため、日程を計画できません。設備の稼働カレンダーを確認してください。', en: 'Workstation “{workstation}” has no working time in the next three years, so nothing can be scheduled on it. Check its working calendar.' },
  'process.schedule_conflict': { status: 409, ja: 'この時間帯には、同じ設備で別の工程が予定されています（または前の工程と重なります）。重なる工程を確認して、別の時間帯を選んでください。', en: 'Another operation is booked on this workstation at that time (or it overlaps the previous step). Check the overlapping operations and choose another time.' },
  'process.undo_conflict': { status: 409, ja: '元の時間帯には既に別の工程が入っているか、その後に日程が変更されたため、元に戻せません。', en: 'The original slots are now taken, or the schedule has changed since, so this change cannot be undone.' },
  'process.undo_unavailable': { status: 409, ja: 'この変更は既に元に戻されているか、より新しい変更があるため、元に戻せません。', en: 'This change has already been undone, or a newer change exists, so it cannot be undone.' },
  // process.records codes (work records, lots, emission factors, carbon footprint)
  'process.order_not_recordable': { status: 409, ja: 'この製造指図には実績を記録できません。実績を記録できるのは「指図発行」または「製造中」の指図だけです（現在: {status}）。', en: 'Work cannot be recorded on this production order. Only released or in-progress orders accept records (now: {status}).' },
  'process.lot_not_found': { status: 404, ja: '指定されたロットが見つかりません。ロット一覧を再読み込みして選び直してください。', en: 'The lot was not found. Reload the lot list and choose again.' },
  'process.lot_exists': { status: 409, ja: 'この品目には同じロット番号のロットが既にあります。別のロット番号を指定してください。', en: 'This item already has a lot with this lot number. Use another lot number.' },
  'process.lot_conflict': { status: 409, ja: 'ロット番号「{lotNo}」は購入ロットまたは別の製造指図のロットとして使われています。別のロット番号を指定してください。', en: 'Lot number “{lotNo}” is already used by a purchased lot or by another production order. Use another lot number.' },
  'process.lot_cycle': { status: 400, ja: '製造したロット自身を投入ロットとして指定することはできません。', en: 'The produced lot cannot also be one of the consumed lots.' },
  'process.factor_exists': { status: 409, ja: 'この対象の排出係数は既に登録されています。既存の係数を編集してください。', en: 'An emission factor for this already exists. Edit the existing factor instead.' },
  'process.cfp_missing_factors': { status: 409, ja: '排出係数が登録されていない項目があるため、CFPを出力できません: {missing}', en: 'The carbon footprint cannot be exported because emission factors are missing for: {missing}' },
  'process.cfp_no_data': { status: 409, ja: '指定した期間に完了した製造指図がないため、CFPを算定できません。期間を変えてお試しください。', en: 'No production order of this product was completed in the period, so there is no footprint to report. Try another period.' },
  // catalog codes: products, profile, documents and import
  'catalog.product_not_deletable': { status: 409, ja: '削除できるのは下書きの製品だけです。公開中の製品は非公開にするか、アーカイブしてください。', en: 'Only draft products can be deleted. Unpublish or archive a published product instead.' },
  'catalog.not_publisher': { status: 403, ja: 'この会社は掲載企業として契約されていないため、製品を公開できません。公開をご希望の場合は当社までご連絡ください。', en: 'Your company is not contracted as a publisher, so it cannot publish products. Contact us to publish.' },
  'catalog.no_subscription': { status: 403, ja: 'データベースの利用契約がないため、他社の製品を検索・閲覧できません。', en: 'Your company has no product database subscription, so other companies’ products cannot be searched or viewed.' },
  'catalog.paid_only': { status: 403, ja: 'この機能は有料プランでご利用いただけます（物性値・資料・窓口）。', en: 'This is available on the paid plan (properties, documents and contacts).' },
  'catalog.transition_invalid': { status: 409, ja: 'この製品は「{from_ja}」のため、「{to_ja}」にはできません。画面を再読み込みして状態を確認してください。', en: 'This product is {from_en}, so it cannot become {to_en}. Reload the page to see its current state.' },
  'catalog.product_not_editable': { status: 409, ja: 'アーカイブ済みの製品は編集できません。先に下書きに戻してください。', en: 'An archived product cannot be edited. Return it to draft first.' },
  'catalog.import_invalid': { status: 422, ja: '取り込めない行があります。一覧の行と列を直してから、もう一度取り込んでください。何も登録していません。', en: 'Some rows cannot be imported. Fix the rows and columns listed, then import again. Nothing was saved.' },
  'catalog.import_unreadable': { status: 400, ja: 'ファイルを読み取れませんでした。UTF-8 の CSV か Excel（.xlsx）のファイルを選んでください。', en: 'The file could not be read. Choose a UTF-8 CSV or an Excel (.xlsx) file.' },
  // catalog codes: search, comparison and lists
  'catalog.cas_invalid': { status: 400, ja: '「{input}」はCAS番号の形式ではありません。「9003-07-0」のように、数字をハイフンで区切って入力してください。', en: '“{input}” is not a CAS number. Enter digits separated by hyphens, such as 9003-07-0.' },
  'catalog.compare_limit': { status: 400, ja: '比較できるのは2〜5製品です。比較する製品を選び直してください。', en: 'Compare two to five products. Choose the products again.' },
  // catalog codes: inquiries
  'catalog.inquiry_not_found': { status: 404, ja: '問い合わせが見つかりません。一覧を再読み込みしてください。', en: 'The inquiry was not found. Reload the list.' },
  'catalog.inquiry_own_product': { status: 400, ja: '自社の製品には問い合わせできません。他社の製品を選んでください。', en: 'You cannot send an inquiry about your own company’s product. Choose another company’s product.' },
  'catalog.inquiry_product_not_found': { status: 404, ja: '問い合わせ先の製品が見つかりません。公開が終了したか、閲覧できない製品です。', en: 'The product was not found. It is no longer published, or you cannot view it.' },
  'catalog.inquiry_attachment_invalid': { status: 400, ja: '添付ファイルが見つからないか、すでに別のメッセージで送信済みです。ファイルをもう一度アップロードしてください。', en: 'An attachment was not found or was already sent with another message. Upload the file again.' },
  'catalog.inquiry_closed': { status: 409, ja: 'この問い合わせは終了しているため、返信できません。新しい問い合わせを作成してください。', en: 'This inquiry is closed, so it cannot be answered. Start a new inquiry.' },
  'rate_limited': { status: 429, ja: 'リクエストが多すぎます。しばらく待ってからもう一度お試しください。', en: 'Too many requests. Wait a moment and try again.' },
  'service.unavailable': { status: 503, ja: '一時的にサービスを利用できません。しばらくしてからもう一度お試しください。', en: 'The service is temporarily unavailable. Try again shortly.' },
  'internal': { status: 500, ja: 'サーバーで問題が発生しました。しばらくしてからもう一度お試しください。', en: 'Something went wrong on the server. Try again shortly.' },
  // Larger services keep their codes in files of their own (src/core/errorCodes).
  ...surveyListErrors,
  ...surveyProductErrors,
  ...surveyRequestErrors,
  ...surveyLinkErrors,
  ...surveyFileErrors,
  ...complianceErrors,
} as const satisfies Record<string, Localized & { status: number }>;

export type ErrorCode = keyof typeof catalog;

export interface AppErrorOptions {
  /** Values for `{placeholders}` in the user message. */
  params?: Record<string, string | number>;
  /** Field → message key or text, for validation errors shown beside fields. */
  fields?: Record<string, string>;
  /** Detail for the logs only; never sent to the user. */
  internal?: string;
  cause?: unknown;
}

/** The one error type commands throw; the HTTP layer maps `code` to status and message. */
export class AppError extends Error {
  readonly status: number;
  constructor(readonly code: ErrorCode, readonly options: AppErrorOptions = {}) {
    super(options.internal ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = catalog[code].status;
  }

  /** The user-facing message in `lang`. */
  messageIn(lang: Lang): string {
    return interpolate(catalog[this.code][lang], this.options.params);
  }
}

export function errorStatus(code: ErrorCode): number {
  return catalog[code].status;
}

export function errorMessage(code: ErrorCode, lang: Lang, params?: Record<string, string | number>): string {
  return interpolate(catalog[code][lang], params);
}
