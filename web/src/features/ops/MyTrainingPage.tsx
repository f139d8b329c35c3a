import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOutletContext } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { usePageTitle } from '../../layout/usePageTitle';
import type { OpsSession } from './api';
import { useMyTraining } from './staffApi';
import { TrainingTable } from './TrainingSection';

/** `/ops/training`: the signed-in staff member's own training records (7.2.2). */
export function MyTrainingPage() {
  const { t } = useTranslation();
  usePageTitle(t('ops.training.mineTitle'));
  const staff = useOutletContext<OpsSession>();
  const training = useMyTraining();
  return (
    <Stack>
      <div>
        <Title order={1}>{t('ops.training.mineTitle')}</Title>
        <Text c="dimmed">{t('ops.training.mineIntro', { name: staff.displayName })}</Text>
      </div>
      {training.isPending ? (
        <LoadingState />
      ) : training.isError ? (
        <ErrorAlert error={training.error} onRetry={() => void training.refetch()} />
      ) : (
        <TrainingTable records={training.data} />
      )}
    </Stack>
  );
}
