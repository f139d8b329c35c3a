import { Alert, Button, Container } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { NotFoundContent } from '../components/NotFoundContent';

/** Shown instead of a screen that failed to render, in place of the router's English default. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Container size="lg" py="xl">
        <NotFoundContent />
      </Container>
    );
  }
  return (
    <Container size="sm" py="xl">
      <Alert color="red" title={t('errors.title')}>
        {t('errors.page')}
        <Button display="block" mt="sm" variant="light" color="red" onClick={() => window.location.reload()}>
          {t('errors.reload')}
        </Button>
      </Alert>
    </Container>
  );
}
