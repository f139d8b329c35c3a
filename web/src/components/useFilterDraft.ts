import { useEffect, useState } from 'react';

/**
 * The edited copy of a filter that lives in the URL. Pages parse the filter from the URL on
 * every render, so the applied value is compared by content: a re-render (data arriving) must
 * not throw away what the user is typing, while a new URL (back, clear, link) replaces it.
 */
export function useFilterDraft<T extends object>(applied: T) {
  const [draft, setDraft] = useState(applied);
  const key = JSON.stringify(applied);
  useEffect(() => setDraft(JSON.parse(key) as T), [key]);
  return [draft, setDraft] as const;
}
