import { Alert, Anchor, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormState } from '../../components/useFormState';
import { usePageTitle } from '../../layout/usePageTitle';
import { useRequestPasswordReset } from './api';

/** Mantine's light alert titles in green fall below 4.5:1 contrast; titles use the text colour. */
const READABLE_TITLE = { title: { color: 'var(--mantine-color-text)' } };

/** The sign-in page remembers the company code under this key; reading it saves typing. */
const COMPANY_CODE_KEY = 'companyCode';

function rememberedCompanyCode(): string {
  try {
    return window.localStorage.getItem(COMPANY_CODE_KEY) ?? '';
  } catch {
    // Storage can be disabled by browser policy; the code is then typed.
    return '';
  }
}

/** `/forgot-password`: company code + e-mail; the same answer whether or not the account exists. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.forgot.title'));
  const request = useRequestPasswordReset();
  const form = useFormState({ companyCode: rememberedCompanyCode(), email: '' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    request.mutate(
      { companyCode: form.values.companyCode.normalize('NFKC').trim(), email: form.values.email.normalize('NFKC').trim() },
      { onError: form.showServerErrors },
    );
  };

  return (
    <Paper withBorder shadow="xs" p="xl" maw={480} mx="auto" mt="xl">
      <Stack>
        <Title order={1} size="h2">
          {t('account.forgot.title')}
        </Title>
        {request.isSuccess ? (
          <Alert color="green" title={t('account.forgot.sentTitle')} styles={READABLE_TITLE} data-testid="forgot-sent">
            {t('account.forgot.sentBody')}
          </Alert>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack>
              <Text>{t('account.forgot.intro')}</Text>
              {request.isError && <ErrorAlert error={request.error} fieldsShownInline={form.fieldNames} />}
              <TextInput
                label={t('login.companyCode')}
                autoComplete="organization"
                required
                data-testid="forgot-company"
                {...form.field('companyCode')}
              />
              <TextInput
                type="email"
                label={t('login.email')}
                autoComplete="username"
                required
                data-testid="forgot-email"
                {...form.field('email')}
              />
              <Button type="submit" loading={request.isPending} data-testid="forgot-submit">
                {t('account.forgot.submit')}
              </Button>
            </Stack>
          </form>
        )}
        <Anchor component={Link} to="/login" size="sm">
          {t('account.forgot.backToLogin')}
        </Anchor>
      </Stack>
    </Paper>
  );
}
