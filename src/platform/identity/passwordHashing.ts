import os from 'node:os';
import { hash, verify } from '@node-rs/argon2';

/** OWASP's Argon2id parameters: m = 19 MiB, t = 2, p = 1. */
// `algorithm: 2` is Algorithm.Argon2id; the package ships it as a const enum, which
// isolated modules cannot read.
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Hashing runs on libuv's thread pool (off the event loop); this gate bounds how many
 * run at once so a login flood queues instead of starving every other request.
 */
class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

const gate = new Gate(Math.max(1, os.availableParallelism()));

export function hashPassword(password: string): Promise<string> {
  return gate.run(() => hash(password, ARGON2_OPTIONS));
}

export function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  return gate.run(() => verify(storedHash, password).catch(() => false));
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same work as a real verification, so an unknown company, user or a user
 * without a password answers in the same time as a wrong password.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hash('dummy-password-for-timing', ARGON2_OPTIONS);
  await verifyPassword(await dummyHash, password);
  return false;
}
