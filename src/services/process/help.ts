import type { HelpSection } from '../../platform/services/index.js';

/**
 * The in-app help page of 工程管理: roles and the important operations. Each area adds its
 * sections here (master data, orders and scheduling, work records and carbon footprint).
 */
export const PROCESS_HELP: readonly HelpSection[] = [
  {
    title: { ja: 'メンバーの追加', en: 'Adding members' },
    body: {
      ja: '管理者がメンバーを追加し、初期パスワードを設定して本人に伝えます。本人は初回ログイン時にパスワードを変更します。',
      en: 'An admin adds a member and sets an initial password, which the admin tells the member. The member changes it at first sign-in.',
    },
  },
  // master data sections
  {
    title: { ja: 'マスタの登録（品目・配合・設備・工程表）', en: 'Master data (items, formulas, workstations, routings)' },
    body: {
      ja: '管理者が「マスタ」で品目（原料・中間品・製品と単位）、配合（基準量あたりの構成品目と数量、歩留まり、ロス率。品目ごとに標準の配合は1つ）、設備（能力、段取・後片付け時間、定格電力、エネルギー源、曜日ごとの稼働時間、祝日の扱い、日別の例外）、工程表（工程の順番、設備、数量あたりまたはバッチあたりの標準時間、単位あたりのエネルギー）を登録します。メンバーは閲覧できます。同時に別の人が変更していた場合は保存されず、再読み込みを求めます。使われている品目と設備は削除ではなくアーカイブされ、製造指図で使われている配合と工程表は削除できません。機密の品目は管理者と指定されたユーザーだけに表示されます。',
      en: 'Admins register, under Master data, items (raw material, intermediate or product, with a unit), formulas (components and quantities per base quantity, yield and scrap; one default formula per item), workstations (capacity, setup and cleanup time, power rating, energy sources, working hours per weekday, holidays and day exceptions) and routings (ordered steps with workstation, standard time per unit or per batch, and energy per unit). Members can view them. If someone else changed a record meanwhile, saving is refused and you are asked to reload. Items and workstations in use are archived instead of deleted; formulas and routings used by production orders cannot be deleted. Confidential items are shown only to admins and the users named on them.',
    },
  },
  {
    title: { ja: 'CSV・Excel での一括取り込み', en: 'Importing from CSV or Excel' },
    body: {
      ja: '「取り込み」で種類（品目・配合・設備・工程表）を選び、テンプレートをダウンロードして記入します。CSV は UTF-8（BOM の有無は問いません）、Excel は .xlsx の最初のシートを読みます。列名は日本語（テンプレートの列名）でも英語でも構いません。配合と工程表は1行に構成品目または工程を1つ書き、同じコードの行がまとまって1件になります。設備の稼働時間は曜日の列に「08:00-12:00;13:00-17:00」の形式で、単位あたりエネルギーは「electricity=0.5;city_gas=0.02」の形式で書きます。コードが既にあれば更新、なければ登録します。1行でも誤りがあれば何も登録せず、行番号・列・理由の一覧を表示します。「確認のみ」で登録せずに検査できます。品目→設備→配合→工程表の順に取り込んでください。',
      en: 'Under Import, choose the kind (items, formulas, workstations, routings) and download its template. CSV files are read as UTF-8 (with or without BOM), Excel files from the first sheet of an .xlsx. Column names may be Japanese (the template’s) or English. Formulas and routings take one component or step per row; rows with the same code form one record. Write a workstation’s hours in the weekday columns as 08:00-12:00;13:00-17:00 and energy per unit as electricity=0.5;city_gas=0.02. A row whose code exists updates that record; others are added. If any row is wrong, nothing is saved and a list of row numbers, columns and reasons is shown. “Check only” checks the file without saving. Import items, then workstations, then formulas, then routings.',
    },
  },
  // orders and scheduling sections
  {
    title: { ja: '製造指図の作成と状態', en: 'Creating orders and their status' },
    body: {
      ja: '「製造指図」で品目・数量・納期を入力して指図を作成します。指図番号は空欄なら MO-2026-00001 の形式で自動採番されます。工程は品目の標準の工程表から（加工時間は「単位あたり」なら標準時間×数量、「バッチあたり」なら数量÷バッチサイズを切り上げた回数×標準時間、段取・後片付けは設備の設定値）、所要材料は標準の配合から（配合量×指図数量÷基準量÷歩留まり÷(1−ロス率)）作られます。状態は 下書き → 計画済 → 発行済 → 製造中 → 完了 の順に進み、下書き・計画済・発行済のときは中止できます。内容を変更できるのは下書きと計画済のときだけで、数量・工程表・配合を変えると工程が作り直され、日程は消えて下書きに戻ります。区分を「機密」にした指図は、管理者と指定したユーザーだけが見られます。',
      en: 'Create an order under “Production orders” with the item, quantity and due date. Leave the order number empty to have one generated (MO-2026-00001). Operations come from the item’s default routing (run time = standard minutes × quantity per unit, or the number of batches (quantity ÷ batch size, rounded up) × standard minutes per batch; setup and cleanup from the workstation) and material requirements from the default formula (line quantity × order quantity ÷ base quantity ÷ yield ÷ (1 − scrap rate)). The status goes draft → planned → released → in progress → done; draft, planned and released orders can be cancelled. Only draft and planned orders can be changed; a new quantity, routing or formula rebuilds the operations, clears the schedule and makes the order a draft again. A confidential order is visible only to admins and the users named on it.',
    },
  },
  {
    title: { ja: '日程計画（フォワード・バックワード）', en: 'Scheduling (forward and backward)' },
    body: {
      ja: '「日程計画」で指図の工程を設備に割り付けます。各工程は段取＋加工＋後片付けの時間を設備の稼働時間（曜日ごとの稼働時間、祝日、個別の休日・稼働日）で数え、夜間や休日をまたぐことがあります。同じ設備に工程が重なることはなく、指図の工程は順番どおりに並びます。フォワードは開始日時（指定がなければ現在）からできるだけ早く、バックワードは納期に間に合う最も遅い時間に割り付けます。納期から逆算すると開始日時より前になる場合は、フォワードで割り付けます（遅延として表示されます）。一括計画では、納期の早い順に割り付けます。',
      en: 'Scheduling books an order’s operations on their workstations. Each operation needs its setup + run + cleanup minutes of working time (the weekly hours, public holidays and day exceptions of the workstation) and may run across nights and closed days. Operations never overlap on a workstation, and an order’s operations stay in sequence. Forward books them as early as possible from the release time (now by default); backward books them as late as possible so that the order finishes by its due date, and forward instead when that would start before the release time (the order then shows as late). Scheduling many orders at once takes them by due date.',
    },
  },
  {
    title: { ja: 'ガントチャートでの日程変更と取り消し', en: 'Moving operations on the Gantt chart and undoing' },
    body: {
      ja: 'ガントチャートで工程をドラッグすると、その工程は指定した時刻以降の最初の稼働時間に移り、後の工程は順番が保たれるように後ろへずれます。同じ設備の別の工程と重なる場合は変更されず、重なる工程が表示されます。変更は履歴に残り、最新の変更は「元に戻す」で取り消せます。ただし、元の時間帯に既に別の工程が入っている場合は取り消せません。',
      en: 'Dragging an operation on the Gantt chart moves it to the first working time at or after the drop; later operations of the order move along to keep the sequence. If it would overlap another operation on the workstation, nothing changes and the overlapping operations are listed. Each change is kept, and the latest one can be undone — unless its original slots have been taken since.',
    },
  },
  {
    title: { ja: '作業指示と負荷', en: 'Dispatch list and load' },
    body: {
      ja: '「作業指示」では設備と日付を選ぶと、その日の工程が開始順に表示されます。「負荷」では設備ごと・週（月曜始まり）ごとに、予定された稼働時間と稼働可能時間、負荷率（％）を表示します。',
      en: 'The dispatch list shows one workstation’s operations of one day in order of start. The load view shows, per workstation and week (from Monday), the booked and the available working minutes and the load in percent.',
    },
  },
  // work records and carbon footprint sections
  {
    title: { ja: '実績の記録', en: 'Recording work' },
    body: {
      ja: '作業者は「作業キュー」で自分の設備の工程を選び、開始・終了日時、良品数・不良数、ロス理由、エネルギー使用量（電力 kWh、都市ガス m3、LPG kg、A重油 L、蒸気 GJ）と投入したロットを記録します。実績を記録できるのは「指図発行」または「製造中」の指図だけで、最初の実績で指図は「製造中」になります。終了日時を入れた実績で工程は完了になります。指図の完了は計画担当者が行います。機密の実績は、管理者と指定されたユーザーだけが見られます。',
      en: 'On the work queue, operators pick an operation of their workstation and record start and finish times, good and scrap quantities, the loss reason, the energy used (electricity kWh, city gas m3, LPG kg, heavy oil A L, steam GJ) and the lots consumed. Only released or in-progress orders accept records; the first record puts the order in progress, and a record with a finish time completes the operation. Planners complete the order. A confidential record is visible only to admins and the users named on it.',
    },
  },
  {
    title: { ja: 'ロットとトレーサビリティ', en: 'Lots and traceability' },
    body: {
      ja: '購入したロットは「ロット」で登録します。製造したロットは実績の製造ロット番号（最終工程では指図のロット番号）から自動で作られ、数量は良品数の合計になります。ロットの系譜では、そのロットに使われたロット（さかのぼり）と、そのロットを使って作られたロット（追跡）を段階ごとに確認できます。',
      en: 'Register purchased lots under Lots. Produced lots are created from a work record’s produced lot number (on the last operation, the order’s lot number) and hold the good quantity recorded. The lot genealogy shows, step by step, the lots that went into a lot (backward) and the lots made from it (forward).',
    },
  },
  {
    title: { ja: '排出係数', en: 'Emission factors' },
    body: {
      ja: '最初に使うときに、環境省「算定・報告・公表制度における算定方法・排出係数一覧」と電気事業者別排出係数（代替値）にもとづくエネルギーの係数（電力・都市ガス・LPG・A重油・蒸気）が登録されます。管理者は、契約している電気事業者の係数などに変更でき、原材料ごとの係数（取引先の提供値やデータベースの値）を出典と年度とともに追加できます。',
      en: 'On first use, energy factors (electricity, city gas, LPG, heavy oil A, steam) are installed from the Ministry of the Environment’s list of calculation methods and emission factors and the electricity substitute value. Admins can change them (e.g. to their electricity retailer’s factor) and add a factor per purchased material (a supplier’s or a database value) with its source and year.',
    },
  },
  {
    title: { ja: 'CFP（製品のカーボンフットプリント）', en: 'Carbon footprint (CFP)' },
    body: {
      ja: '製造指図ごとに、原材料（投入量×係数）と工程ごとのエネルギー（使用量×係数）から、計画と実績のCO2排出量（kg-CO2e）を算定します。係数が登録されていない項目は「係数なし」として表示し、0として扱うことはありません。製品ごとには、期間内に完了した指図から1単位あたりの値と月ごとの推移を表示し、PACT v3 形式のJSONで出力できます（係数が不足しているときは出力できません）。',
      en: 'For each production order, planned and actual emissions (kg-CO2e) are computed from materials (quantity × factor) and the energy of each step (use × factor). Anything without a factor is listed as missing, never counted as zero. Per product, the value per unit and its monthly trend come from the orders completed in the period, and can be downloaded as PACT v3 JSON (not while a factor is missing).',
    },
  },
];
