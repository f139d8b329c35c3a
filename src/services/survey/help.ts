import type { HelpSection } from '../../platform/services/index.js';

/** The survey service's help, shown with its roles and permissions on the help page. */
export const surveyHelp: readonly HelpSection[] = [
  {
    title: { ja: 'ユーザーの追加・削除', en: 'Adding and removing users' },
    body: {
      ja: '化学調査のユーザーの追加・削除と役割の変更は、貴社からのご依頼に基づき当社の運用スタッフが行います。追加されたユーザーには仮パスワードがメールで届き、初回ログイン時に自分のパスワードに変更します。仮パスワードには有効期限があるため、期限が切れた場合は再発行をご依頼ください。',
      en: 'Survey users are added, removed and re-roled by the provider’s staff at your request. A new user receives a temporary password by e-mail and replaces it with their own at the first sign-in. The temporary password expires; ask for a new one if it has.',
    },
  },
  {
    title: { ja: '規制物質リストと版', en: 'Substance lists and their versions' },
    body: {
      ja: '「規制物質リスト」では、判定に使うリスト（RoHS指令の特定有害物質、REACH SVHC など）を管理します。標準リストを読み込むか、CSV・Excelから自社のリストを登録します。各物質には CAS番号（ない場合は管理番号）、閾値（%）と、閾値が材料あたりか成形品（アーティクル）全体あたりかを指定します。リストを改訂するときは新しい版として読み込みます。過去の版は変わらずに残り、新しい版を読み込むと全製品が自動で判定し直され、判定が変わった製品が一覧に表示されます。',
      en: 'Under “Substance lists” you keep the lists products are checked against (the RoHS restricted substances, REACH SVHC and so on). Load a starter list, or register your own from CSV or Excel. Each entry has a CAS number (or an internal id where there is none), a threshold in percent, and whether the threshold applies per homogeneous material or per whole article. A revision is loaded as a new version: earlier versions stay as they were, every product is checked again against the new one, and the products whose outcome changed are listed.',
    },
  },
  {
    title: { ja: '製品と構成', en: 'Products and their composition' },
    body: {
      ja: '「製品」では、自社の製品や購入品を品番ごとに登録し、IEC 62474 の考え方で「製品 → 部品 → 材料 → 含有物質」の構成を入力します。含有物質は材料に対する質量%で入力し、1つの材料の合計は100%以下にします（端数の許容は組織設定で変更できます、既定は0.5%）。合計が100%に足りない材料や、成形品の質量が分からない部品は、保存はできますが警告が表示されます。CAS番号は確認用の数字（チェックディジット）まで確かめて登録します。判定結果は各リストの最新版について、最も悪い結果が一覧に表示されます。',
      en: 'Under “Products” you register your own products and purchased parts by product number and enter their composition in the IEC 62474 way: product → parts → materials → substances. Substances are given in percent of their material’s mass, and one material’s substances add up to at most 100% (plus a rounding tolerance set in the settings, 0.5% unless changed). A material that adds up to less than 100%, or an article whose mass is unknown, can be saved but is flagged with a warning. CAS numbers are checked down to their check digit. The list shows each product’s worst outcome on the newest version of every list.',
    },
  },
  {
    title: { ja: '調査依頼（他社・社外への依頼）', en: 'Requests to other companies' },
    body: {
      ja: '「調査依頼」では、仕入先に含有化学物質の調査を依頼します。依頼先がこのサービスを利用している会社なら企業コードで指定し、その会社のメンバーにメールで通知されます。利用していない会社には、メールアドレス宛てに期限付きの回答用リンクが届き、ログインせずに回答ファイルを提出できます。依頼には対象品番、希望する形式、判定に使うリストの版、回答期限を指定します。回答期限の前後には自動で催促のメールが送られます（日数は組織設定で変更できます）。',
      en: 'Under “Requests” you ask suppliers what their parts contain. A supplier that uses this service is chosen by its company code, and its members are notified by e-mail. A company that does not receives an expiring answer link by e-mail and submits its answer files without signing in. A request names the parts, the format wanted, the list version to answer against and a respond-by date. Reminders are mailed automatically before and after that date (the days are set in the settings).',
    },
  },
  {
    title: { ja: '回答と承認', en: 'Answering and approval' },
    body: {
      ja: '届いた依頼には「回答」を作成し、製品ごとの構成と各リストへの該当・非該当を入力するか、chemSHERPA などのファイルから取り込みます。作成者は回答を承認者（レビュワーまたは管理者）に回し、承認者が内容を確認して承認すると送信できるようになります。作成者が自分の回答を承認することはできません。承認者が差し戻した回答は、修正してもう一度回します。送信した回答は変更できません。',
      en: 'For a request received you draft a “Response”: each product’s composition and, per list, which substances it contains, typed in or imported from a file such as chemSHERPA. The drafter passes it to an authorizer (a reviewer or an admin), who checks and approves it; only then can it be sent. Nobody approves their own draft. A response returned by the authorizer is corrected and passed on again. A sent response never changes.',
    },
  },
  {
    title: { ja: '受け取った回答の確認', en: 'Reviewing answers received' },
    body: {
      ja: '仕入先から回答が届くと、依頼した会社のレビュワーと管理者にメールで通知されます。回答の内容と判定結果を確認し、問題がなければ「受理」、不足や誤りがあれば理由を添えて「差し戻し」ます。差し戻された仕入先は回答をやり直せます。依頼ごとの履歴に、送信・回答・承認・受理などの操作が残ります。',
      en: 'When a supplier’s answer arrives, the requesting company’s reviewers and admins are notified by e-mail. Check the answer and its check results, then “Accept” it, or “Return” it with the reason when something is missing or wrong; the supplier can then answer again. Each request keeps a history of who sent, answered, approved and accepted it.',
    },
  },
  {
    title: { ja: 'ファイル形式', en: 'File formats' },
    body: {
      ja: 'chemSHERPA-AI（成形品）と chemSHERPA-CI（化学品）のデータファイル（IEC 62474 形式の XML・ZIP）、IPC-1752A（クラス C・D）の XML、CSV と Excel を取り込み・書き出しできます。製品の構成の一括登録、回答の取り込み、回答ファイルの作成に使えます。SDS などのその他のファイルは回答に添付できます。',
      en: 'chemSHERPA-AI (articles) and chemSHERPA-CI (chemicals) data files (IEC 62474 XML or ZIP), IPC-1752A XML (classes C and D), CSV and Excel can be imported and written. Use them to register many products’ compositions at once, to fill a response, and to produce the answer file. Other files such as SDS can be attached to a response.',
    },
  },
  {
    title: { ja: '役割', en: 'Roles' },
    body: {
      ja: '組織管理者はすべての操作ができ、組織設定と規制物質リストの管理、データのエクスポートも行います。組織メンバーは製品の登録、調査依頼の作成・送信、回答の作成ができます。組織レビュワーは閲覧と、回答の承認・差し戻し、受け取った回答の受理・差し戻しを行う承認者です。役割ごとの権限は上の表のとおりです。',
      en: 'Org admins can do everything, including the settings, the substance lists and exporting data. Org members register products, create and send requests and draft responses. Org reviewers view everything and act as authorizers: they approve or return responses and accept or return answers received. The table above lists the permissions of each role.',
    },
  },
];
