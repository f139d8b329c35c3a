import { Alert, Button, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

interface ErrorAlertProps {
  error: unknown;
  /** Offer a retry when the action can simply be repeated (e.g. a failed load). */
  onRetry?: () => void;
  /**
   * Form fields that show their own message beside the input; messages for any other
   * field the server names are listed here so none is lost.
   */
  fieldsShownInline?: readonly string[];
}

/** Says what went wrong, in the user's language, and what to try. */
export function ErrorAlert({ error, onRetry, fieldsShownInline = [] }: ErrorAlertProps) {
  const { t } = useTranslation();
  const message = error instanceof ApiError ? error.message : t('errors.page');
  const otherFields =
    error instanceof ApiError
      ? Object.entries(error.fields).filter(([field]) => !fieldsShownInline.includes(field))
      : [];

  return (
    <Alert color="red" title={t('errors.title')}>
      {message}
      {otherFields.length > 0 && (
        <List size="sm" mt="xs">
          {otherFields.map(([field, fieldMessage]) => (
            <List.Item key={field}>{fieldMessage}</List.Item>
          ))}
        </List>
      )}
      {onRetry && (
        <Button variant="light" color="red" size="xs" mt="sm" onClick={onRetry}>
          {t('errors.retry')}
        </Button>
      )}
    </Alert>
  );
}
