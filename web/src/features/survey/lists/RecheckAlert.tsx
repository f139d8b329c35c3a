import { Alert, Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ListVersion, RecheckSummary } from '../api';

/** After a version loads: how many products were re-checked, changed and above threshold, with a link to the changes. */
export function RecheckAlert({ listId, listName, version, recheck }: { listId: string; listName: string; version: ListVersion; recheck: RecheckSummary }) {
  const { t } = useTranslation();
  return (
    <Alert color={recheck.changed > 0 ? 'orange' : 'green'} variant="light" role="status" title={t('surveyLists.recheck.title', { name: listName, label: version.label })} data-testid="survey-recheck">
      <Text size="sm" data-testid="survey-recheck-summary">
        {t('surveyLists.recheck.summary', { checked: recheck.checked, changed: recheck.changed, above: recheck.aboveThreshold })}
      </Text>
      <Anchor component={Link} to={`/s/survey/lists/${listId}/versions/${version.id}/changes`} size="sm" c="blue.9" fw={700} data-testid="survey-recheck-changes">
        {t('surveyLists.recheck.changesLink')}
      </Anchor>
    </Alert>
  );
}
