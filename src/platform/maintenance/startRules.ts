import { AppError } from '../../core/errors.js';
import { messageKey } from '../../core/messages.js';

export const DAY_MS = 24 * 3_600_000;

/**
 * A maintenance must be announced `leadDays` days before it starts (12.1.2); urgent work may
 * be announced later, with its reason. A start that has passed is refused either way.
 */
export function checkStart(startsAt: Date, urgent: boolean, now: Date, leadDays: number): void {
  if (startsAt.getTime() <= now.getTime()) {
    throw new AppError('maintenance.start_past', { fields: { startsAt: messageKey('maintenance.start_past_field') } });
  }
  if (!urgent && startsAt.getTime() - now.getTime() < leadDays * DAY_MS) {
    throw new AppError('maintenance.lead_time', { params: { days: leadDays }, fields: { startsAt: messageKey('maintenance.lead_time_field') } });
  }
}

/** The end of a window being changed must still lie ahead. */
export function checkEnd(endsAt: Date, now: Date): void {
  if (endsAt.getTime() <= now.getTime()) {
    throw new AppError('maintenance.end_past', { fields: { endsAt: messageKey('maintenance.start_past_field') } });
  }
}
