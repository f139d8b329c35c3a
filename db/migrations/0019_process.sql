-- 工程管理 (process): master data (items, formulas/BOM, workstations with calendars, routings),
-- production orders with their operations and material requirements, schedule changes (undo),
-- work records with lot genealogy, and emission factors for the carbon footprint (CFP).
-- Every row belongs to one tenant; composite keys (tenant_id, id) and composite foreign keys
-- make a reference to another tenant's row impossible, and row-level security hides them.
--
-- Records that carry labels (items, orders, work records) have `remarks`, free `labels`, a
-- `classification` (general 一般 / internal 社外秘 / confidential 機密) and `named_users`: a
-- confidential record is visible only to the service's admins and the users named there.

-- 品目: raw material, intermediate or product, counted in one unit.
CREATE TABLE process.items (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('raw', 'intermediate', 'product')),
  unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 20),
  remarks text NOT NULL DEFAULT '' CHECK (length(remarks) <= 2000),
  labels text[] NOT NULL DEFAULT '{}',
  classification text NOT NULL DEFAULT 'general' CHECK (classification IN ('general', 'internal', 'confidential')),
  named_users uuid[] NOT NULL DEFAULT '{}',
  archived boolean NOT NULL DEFAULT false,
  version int NOT NULL DEFAULT 1,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);

-- 配合 / BOM: components per base quantity of the item, with the process yield.
CREATE TABLE process.formulas (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  item_id uuid NOT NULL,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  base_quantity numeric NOT NULL CHECK (base_quantity > 0),
  yield_pct numeric NOT NULL DEFAULT 100 CHECK (yield_pct > 0 AND yield_pct <= 100),
  is_default boolean NOT NULL DEFAULT false,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  FOREIGN KEY (tenant_id, item_id) REFERENCES process.items (tenant_id, id)
);
CREATE UNIQUE INDEX formulas_one_default ON process.formulas (tenant_id, item_id) WHERE is_default;

CREATE TABLE process.formula_lines (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  formula_id uuid NOT NULL,
  line_no int NOT NULL CHECK (line_no >= 1),
  component_item_id uuid NOT NULL,
  quantity numeric NOT NULL CHECK (quantity > 0),
  scrap_pct numeric NOT NULL DEFAULT 0 CHECK (scrap_pct >= 0 AND scrap_pct < 100),
  PRIMARY KEY (tenant_id, formula_id, line_no),
  FOREIGN KEY (tenant_id, formula_id) REFERENCES process.formulas (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, component_item_id) REFERENCES process.items (tenant_id, id)
);

-- 設備: one operation at a time (never double-booked); setup and cleanup around each
-- operation; a weekly working pattern in `work_hours` (JST, e.g. {"mon":[["08:00","17:00"]],…}),
-- Japanese public holidays off when `observe_holidays`, and day exceptions below.
CREATE TABLE process.workstations (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  capacity numeric NOT NULL DEFAULT 1 CHECK (capacity > 0),
  capacity_unit text NOT NULL DEFAULT '' CHECK (length(capacity_unit) <= 20),
  setup_minutes int NOT NULL DEFAULT 0 CHECK (setup_minutes >= 0),
  cleanup_minutes int NOT NULL DEFAULT 0 CHECK (cleanup_minutes >= 0),
  power_kw numeric NOT NULL DEFAULT 0 CHECK (power_kw >= 0),
  energy_sources text[] NOT NULL DEFAULT '{}',
  work_hours jsonb NOT NULL,
  observe_holidays boolean NOT NULL DEFAULT true,
  archived boolean NOT NULL DEFAULT false,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);

-- A day that differs from the weekly pattern: closed, or open with its own hours.
CREATE TABLE process.workstation_days (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  workstation_id uuid NOT NULL,
  day date NOT NULL,
  hours jsonb NOT NULL DEFAULT '[]',
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 200),
  PRIMARY KEY (tenant_id, workstation_id, day),
  FOREIGN KEY (tenant_id, workstation_id) REFERENCES process.workstations (tenant_id, id) ON DELETE CASCADE
);

-- 工程表: ordered steps that make an item.
CREATE TABLE process.routings (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  item_id uuid NOT NULL,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  is_default boolean NOT NULL DEFAULT false,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  FOREIGN KEY (tenant_id, item_id) REFERENCES process.items (tenant_id, id)
);
CREATE UNIQUE INDEX routings_one_default ON process.routings (tenant_id, item_id) WHERE is_default;

-- One step: its workstation, standard time per unit or per batch, batch size, and expected
-- energy per unit of the item ({"electricity": 0.8, "city_gas": 0.02}, keys = energy types).
CREATE TABLE process.routing_steps (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  routing_id uuid NOT NULL,
  seq int NOT NULL CHECK (seq >= 1),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  workstation_id uuid NOT NULL,
  time_basis text NOT NULL CHECK (time_basis IN ('per_unit', 'per_batch')),
  standard_minutes numeric NOT NULL CHECK (standard_minutes >= 0),
  batch_size numeric NOT NULL DEFAULT 1 CHECK (batch_size > 0),
  energy_per_unit jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, routing_id, seq),
  FOREIGN KEY (tenant_id, routing_id) REFERENCES process.routings (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, workstation_id) REFERENCES process.workstations (tenant_id, id)
);

-- 製造指図: draft → planned → released → in_progress → done / cancelled.
CREATE TABLE process.orders (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  order_no text NOT NULL CHECK (length(order_no) BETWEEN 1 AND 40),
  item_id uuid NOT NULL,
  routing_id uuid,
  formula_id uuid,
  quantity numeric NOT NULL CHECK (quantity > 0),
  due_at timestamptz NOT NULL,
  lot_no text NOT NULL DEFAULT '' CHECK (length(lot_no) <= 60),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'planned', 'released', 'in_progress', 'done', 'cancelled')),
  planned_start timestamptz,
  planned_end timestamptz,
  released_at timestamptz,
  completed_at timestamptz,
  remarks text NOT NULL DEFAULT '' CHECK (length(remarks) <= 2000),
  labels text[] NOT NULL DEFAULT '{}',
  classification text NOT NULL DEFAULT 'general' CHECK (classification IN ('general', 'internal', 'confidential')),
  named_users uuid[] NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, order_no),
  FOREIGN KEY (tenant_id, item_id) REFERENCES process.items (tenant_id, id),
  FOREIGN KEY (tenant_id, routing_id) REFERENCES process.routings (tenant_id, id),
  FOREIGN KEY (tenant_id, formula_id) REFERENCES process.formulas (tenant_id, id)
);
CREATE INDEX orders_status_due_idx ON process.orders (tenant_id, status, due_at);

-- Operations generated from the routing: scheduled slots on a workstation. The slot
-- [start_at, end_at) includes setup and cleanup; two slots of one workstation never overlap
-- (the scheduler locks the workstation row while it books).
CREATE TABLE process.operations (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  order_id uuid NOT NULL,
  seq int NOT NULL CHECK (seq >= 1),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  workstation_id uuid NOT NULL,
  quantity numeric NOT NULL CHECK (quantity > 0),
  setup_minutes int NOT NULL DEFAULT 0,
  run_minutes numeric NOT NULL CHECK (run_minutes >= 0),
  cleanup_minutes int NOT NULL DEFAULT 0,
  planned_energy jsonb NOT NULL DEFAULT '{}',
  start_at timestamptz,
  end_at timestamptz,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'done')),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, order_id, seq),
  FOREIGN KEY (tenant_id, order_id) REFERENCES process.orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, workstation_id) REFERENCES process.workstations (tenant_id, id),
  CHECK ((start_at IS NULL) = (end_at IS NULL) AND (start_at IS NULL OR end_at > start_at))
);
CREATE INDEX operations_workstation_time_idx ON process.operations (tenant_id, workstation_id, start_at);

-- Material requirement of an order, from the BOM (quantity includes yield and scrap).
CREATE TABLE process.order_materials (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  order_id uuid NOT NULL,
  item_id uuid NOT NULL,
  required_quantity numeric NOT NULL CHECK (required_quantity >= 0),
  PRIMARY KEY (tenant_id, order_id, item_id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES process.orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, item_id) REFERENCES process.items (tenant_id, id)
);

-- Reschedules (drag on the Gantt), each undoable: the slots before and after. `seq` orders
-- them (two changes can share a timestamp): only the latest change of an order can be undone.
CREATE TABLE process.schedule_changes (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  seq bigint GENERATED BY DEFAULT AS IDENTITY,
  order_id uuid NOT NULL,
  before_slots jsonb NOT NULL,
  after_slots jsonb NOT NULL,
  changed_by uuid,
  changed_at timestamptz NOT NULL,
  undone_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES process.orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX schedule_changes_order_idx ON process.schedule_changes (tenant_id, order_id, changed_at);

-- Lots: purchased or produced quantities of an item, traced through work records.
CREATE TABLE process.lots (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  item_id uuid NOT NULL,
  lot_no text NOT NULL CHECK (length(lot_no) BETWEEN 1 AND 60),
  origin text NOT NULL CHECK (origin IN ('purchased', 'produced')),
  quantity numeric NOT NULL CHECK (quantity >= 0),
  order_id uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, item_id, lot_no),
  FOREIGN KEY (tenant_id, item_id) REFERENCES process.items (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES process.orders (tenant_id, id)
);

-- 実績: what happened on an operation. `energy` = actual use by energy type ({"electricity": 120.5}).
CREATE TABLE process.work_records (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  operation_id uuid NOT NULL,
  order_id uuid NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  good_quantity numeric NOT NULL DEFAULT 0 CHECK (good_quantity >= 0),
  scrap_quantity numeric NOT NULL DEFAULT 0 CHECK (scrap_quantity >= 0),
  loss_reason text NOT NULL DEFAULT '' CHECK (length(loss_reason) <= 500),
  operator_id uuid,
  operator_name text NOT NULL DEFAULT '' CHECK (length(operator_name) <= 200),
  energy jsonb NOT NULL DEFAULT '{}',
  produced_lot_id uuid,
  remarks text NOT NULL DEFAULT '' CHECK (length(remarks) <= 2000),
  labels text[] NOT NULL DEFAULT '{}',
  classification text NOT NULL DEFAULT 'general' CHECK (classification IN ('general', 'internal', 'confidential')),
  named_users uuid[] NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, operation_id) REFERENCES process.operations (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES process.orders (tenant_id, id),
  FOREIGN KEY (tenant_id, produced_lot_id) REFERENCES process.lots (tenant_id, id),
  CHECK (finished_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX work_records_order_idx ON process.work_records (tenant_id, order_id, started_at);

-- Genealogy: lots a work record consumed (→ its produced lot).
CREATE TABLE process.lot_consumptions (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  work_record_id uuid NOT NULL,
  lot_id uuid NOT NULL,
  quantity numeric NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (tenant_id, work_record_id, lot_id),
  FOREIGN KEY (tenant_id, work_record_id) REFERENCES process.work_records (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, lot_id) REFERENCES process.lots (tenant_id, id)
);
CREATE INDEX lot_consumptions_lot_idx ON process.lot_consumptions (tenant_id, lot_id);

-- 排出係数: kg-CO2e per unit of an energy type ('electricity' per kWh, …) or of a purchased
-- material (an item), with its source and year.
CREATE TABLE process.emission_factors (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('energy', 'material')),
  energy_type text,
  item_id uuid,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 20),
  kg_co2e_per_unit numeric NOT NULL CHECK (kg_co2e_per_unit >= 0),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
  year int NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, item_id) REFERENCES process.items (tenant_id, id),
  CHECK ((kind = 'energy' AND energy_type IS NOT NULL AND item_id IS NULL) OR (kind = 'material' AND item_id IS NOT NULL AND energy_type IS NULL))
);
CREATE UNIQUE INDEX emission_factors_energy_idx ON process.emission_factors (tenant_id, energy_type) WHERE kind = 'energy';
CREATE UNIQUE INDEX emission_factors_material_idx ON process.emission_factors (tenant_id, item_id) WHERE kind = 'material';

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['items', 'formulas', 'formula_lines', 'workstations', 'workstation_days', 'routings', 'routing_steps',
                           'orders', 'operations', 'order_materials', 'schedule_changes', 'lots', 'work_records',
                           'lot_consumptions', 'emission_factors'] LOOP
    EXECUTE format('ALTER TABLE process.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE process.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON process.%I USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant())', t);
  END LOOP;
END $$;
