/** A question to the strength worker. */
export interface StrengthRequest {
  id: number;
  password: string;
  userInputs: string[];
}

/** Its answer: zxcvbn's score from 0 (guessed at once) to 4 (very hard), and its warning key. */
export interface StrengthResult {
  id: number;
  score: number;
  warning: string | null;
}

/** Scores a password; resolves with the score and zxcvbn's warning key (if any). */
export type StrengthEstimator = (password: string, userInputs: readonly string[]) => Promise<Omit<StrengthResult, 'id'>>;

interface Waiting {
  resolve: (result: StrengthResult) => void;
  reject: (error: Error) => void;
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, Waiting>();

/**
 * zxcvbn-ts with the common-password list and the English and Japanese dictionaries, in a
 * worker started on first use: nothing is downloaded until a password is being chosen, so
 * the sign-in page stays small, and scoring never blocks typing.
 */
export function strengthEstimator(): StrengthEstimator {
  if (!worker) {
    worker = new Worker(new URL('./strengthWorker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<StrengthResult>) => {
      pending.get(event.data.id)?.resolve(event.data);
      pending.delete(event.data.id);
    });
    // The worker could not load (offline, blocked): callers stop waiting, and the next call starts afresh.
    worker.addEventListener('error', () => {
      for (const waiting of pending.values()) waiting.reject(new Error('the password strength worker failed to load'));
      pending.clear();
      worker = undefined;
    });
  }
  const target = worker;
  return (password, userInputs) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: ({ score, warning }) => resolve({ score, warning }), reject });
      const request: StrengthRequest = { id, password, userInputs: [...userInputs] };
      target.postMessage(request);
    });
}
