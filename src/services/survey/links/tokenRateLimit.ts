import type { Clock } from '../../../core/clock.js';
import { sha256Hex } from '../../../core/crypto.js';
import { AppError } from '../../../core/errors.js';

const WINDOW_MS = 60_000;
/** Past this many tracked keys, finished windows are dropped before a new key is added. */
const PRUNE_AT = 10_000;

/**
 * Requests per minute per upload-link token (fixed one-minute windows, in this process), on top
 * of the per-IP limit of the routes: a link shared or leaked cannot be hammered from many
 * addresses. Keys are the SHA-256 of the token, so the tokens are not kept in memory.
 */
export class TokenRateLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly clock: Clock) {}

  /** Counts one request of `kind` with `token`; throws `rate_limited` past `max` in the window. */
  hit(kind: string, token: string, max: number): void {
    const now = this.clock.now().getTime();
    const key = `${kind}:${sha256Hex(token)}`;
    const current = this.windows.get(key);
    if (!current || now - current.start >= WINDOW_MS || now < current.start) {
      if (!current && this.windows.size >= PRUNE_AT) this.prune(now);
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    current.count += 1;
    if (current.count > max) throw new AppError('rate_limited', { internal: `upload link ${kind} limit of ${max} per minute` });
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= WINDOW_MS || now < window.start) this.windows.delete(key);
  }
}
