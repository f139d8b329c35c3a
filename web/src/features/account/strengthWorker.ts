import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as common } from '@zxcvbn-ts/language-common';
import { dictionary as en } from '@zxcvbn-ts/language-en';
import { dictionary as ja } from '@zxcvbn-ts/language-ja';
import type { StrengthRequest, StrengthResult } from './passwordStrength';

/**
 * Scores passwords off the main thread. Built by Vite as a separate file that the browser
 * fetches only when a password is being chosen, so the dictionaries (over a megabyte)
 * never weigh on other pages.
 */
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common, ...en, ...ja },
  graphs: adjacencyGraphs,
  useLevenshteinDistance: true,
});

self.addEventListener('message', (event: MessageEvent<StrengthRequest>) => {
  const { id, password, userInputs } = event.data;
  const result = zxcvbn.check(password, userInputs);
  const answer: StrengthResult = { id, score: result.score, warning: result.feedback.warning };
  self.postMessage(answer);
});
