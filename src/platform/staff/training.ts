import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { withoutTenant, type Tx } from '../../core/db/index.js';
import { messageKey, messages } from '../../core/messages.js';
import { recordOperatorEvent, type AuditOrigin } from '../audit/index.js';
import { jstDate } from '../tenancy/index.js';
import type { StaffCommandDeps, StaffCommander } from './staffCommands.js';
import { NOT_SUPERSEDED } from './staffQueries.js';

messages.add({
  'staff.training_due_order': { ja: '次回の受講期限は、受講日より後の日付にしてください。', en: 'The next due date must be after the date taken.' },
  'staff.training_taken_future': { ja: '受講日に未来の日付は指定できません。', en: 'The date taken cannot be in the future.' },
});

/** How many days before its due date a training shows as due soon. */
export const TRAINING_DUE_SOON_DAYS = 30;

const isoDate = z.iso.date();

/** A training record (7.2.2): the course, the day taken, an optional score and the next due date. */
export const trainingRecordSchema = z
  .strictObject({
    course: z.string().trim().min(1).max(200).meta({ description: 'Course or training title, e.g. 情報セキュリティ基礎研修 2026.' }),
    takenOn: isoDate.meta({ description: 'The day the course was taken (JST date).' }),
    score: z.number().int().min(0).max(100).nullable().default(null).meta({ description: 'Score in percent, when the course has one.' }),
    nextDueOn: isoDate.nullable().default(null).meta({ description: 'When the course must be taken again.' }),
  })
  .superRefine((v, ctx) => {
    if (v.nextDueOn !== null && v.nextDueOn <= v.takenOn) ctx.addIssue({ code: 'custom', message: messageKey('staff.training_due_order'), path: ['nextDueOn'] });
  });
export type TrainingRecordInput = z.infer<typeof trainingRecordSchema>;

/**
 * Where a record stands today: `overdue` (due date passed and no later record of the
 * course), `due_soon`, `current`, `superseded` by a later record of the same course, or
 * `no_due_date`.
 */
export type TrainingState = 'overdue' | 'due_soon' | 'current' | 'superseded' | 'no_due_date';

export interface TrainingRecord {
  id: string;
  staffId: string;
  course: string;
  takenOn: string;
  score: number | null;
  nextDueOn: string | null;
  state: TrainingState;
  recordedByName: string;
  createdAt: Date;
}

/** Courses compare folded: full-width/half-width, case and spacing do not make a new course. */
export function courseKey(course: string): string {
  return course.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The state of a record on `today` (a JST date). */
export function trainingState(record: { nextDueOn: string | null; superseded: boolean }, today: string): TrainingState {
  if (record.superseded) return 'superseded';
  if (record.nextDueOn === null) return 'no_due_date';
  if (record.nextDueOn < today) return 'overdue';
  if (record.nextDueOn <= addDays(today, TRAINING_DUE_SOON_DAYS)) return 'due_soon';
  return 'current';
}

/** A staff member's training records, newest first, each with its state on `today`. */
export async function listTraining(tx: Tx, staffId: string, today: string): Promise<TrainingRecord[]> {
  const { rows } = await tx.query<{
    id: string;
    staff_id: string;
    course: string;
    taken_on: string;
    score: number | null;
    next_due_on: string | null;
    recorded_by_name: string;
    created_at: Date;
    superseded: boolean;
  }>(
    `SELECT t.id, t.staff_id, t.course, t.taken_on::text AS taken_on, t.score, t.next_due_on::text AS next_due_on, t.recorded_by_name, t.created_at,
            NOT ${NOT_SUPERSEDED} AS superseded
       FROM ops.staff_training t WHERE t.staff_id = $1
      ORDER BY t.taken_on DESC, t.created_at DESC`,
    [staffId],
  );
  return rows.map((r) => ({
    id: r.id,
    staffId: r.staff_id,
    course: r.course,
    takenOn: r.taken_on,
    score: r.score,
    nextDueOn: r.next_due_on,
    state: trainingState({ nextDueOn: r.next_due_on, superseded: r.superseded }, today),
    recordedByName: r.recorded_by_name,
    createdAt: r.created_at,
  }));
}

/** Records a training a staff member took; in the operator log. */
export async function recordTraining(
  deps: Pick<StaffCommandDeps, 'db' | 'clock'>,
  by: StaffCommander,
  staffId: string,
  input: TrainingRecordInput,
  origin: AuditOrigin,
): Promise<{ id: string }> {
  const { db, clock } = deps;
  const now = clock.now();
  if (input.takenOn > jstDate(now)) {
    throw new AppError('validation.failed', { fields: { takenOn: messageKey('staff.training_taken_future') } });
  }
  return withoutTenant(db, async (tx) => {
    const staff = await tx.query('SELECT 1 FROM ops.staff WHERE id = $1', [staffId]);
    if (staff.rowCount === 0) throw new AppError('not_found');
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO ops.staff_training (staff_id, course, course_key, taken_on, score, next_due_on, recorded_by, recorded_by_name, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [staffId, input.course, courseKey(input.course), input.takenOn, input.score, input.nextDueOn, by.staffId, by.displayName, now],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error('recordTraining: insert returned no row');
    await recordOperatorEvent(tx, clock, origin, {
      actor: { type: 'staff', id: by.staffId, name: by.displayName },
      action: 'ops.staff.training_recorded',
      target: { type: 'staff_training', id },
      result: 'success',
      details: { staffId, course: input.course, takenOn: input.takenOn, score: input.score, nextDueOn: input.nextDueOn },
    });
    return { id };
  });
}

/** Deletes a mistaken training record of a staff member; in the operator log with what it said. */
export async function deleteTraining(deps: Pick<StaffCommandDeps, 'db' | 'clock'>, by: StaffCommander, staffId: string, recordId: string, origin: AuditOrigin): Promise<void> {
  const { db, clock } = deps;
  await withoutTenant(db, async (tx) => {
    const { rows } = await tx.query<{ course: string; taken_on: string; score: number | null; next_due_on: string | null }>(
      'DELETE FROM ops.staff_training WHERE id = $1 AND staff_id = $2 RETURNING course, taken_on::text AS taken_on, score, next_due_on::text AS next_due_on',
      [recordId, staffId],
    );
    const removed = rows[0];
    if (!removed) throw new AppError('not_found');
    await recordOperatorEvent(tx, clock, origin, {
      actor: { type: 'staff', id: by.staffId, name: by.displayName },
      action: 'ops.staff.training_deleted',
      target: { type: 'staff_training', id: recordId },
      result: 'success',
      details: { staffId, course: removed.course, takenOn: removed.taken_on, score: removed.score, nextDueOn: removed.next_due_on },
    });
  });
}
