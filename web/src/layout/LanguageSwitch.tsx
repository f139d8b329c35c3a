import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLang, setLanguage } from '../i18n';
import { useLang } from '../i18n/useLang';

/** 日本語 / English switch; the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <SegmentedControl
      size="xs"
      data-testid="lang-switch"
      aria-label={t('language.label')}
      value={lang}
      onChange={(value) => {
        if (isLang(value)) void setLanguage(value);
      }}
      data={[
        { value: 'ja', label: <span lang="ja">{t('language.ja')}</span> },
        { value: 'en', label: <span lang="en">{t('language.en')}</span> },
      ]}
    />
  );
}
