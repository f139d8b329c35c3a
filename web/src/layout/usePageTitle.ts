import { useEffect } from 'react';
import { usePublicConfig } from '../data/publicConfig';
import { useLang } from '../i18n/useLang';

/** Sets the browser tab title to "<page> | <product>", so each screen is announced by name. */
export function usePageTitle(pageTitle?: string): void {
  const lang = useLang();
  const productName = usePublicConfig().data?.productName[lang];
  useEffect(() => {
    const parts = [pageTitle, productName].filter((part): part is string => Boolean(part));
    if (parts.length > 0) document.title = parts.join(' | ');
  }, [pageTitle, productName]);
}
