import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A spinner announced to screen readers while a screen's data loads. */
export function LoadingState() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-label={t('app.loading')}>
      <Loader />
    </Center>
  );
}
