import { Anchor, Button, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadingState } from '../components/LoadingState';
import { useFormState } from '../components/useFormState';
import { useLogin, useSession, type LoginInput } from '../data/session';
import { usePageTitle } from '../layout/usePageTitle';

const COMPANY_CODE_KEY = 'companyCode';

function rememberedCompanyCode(): string {
  try {
    return window.localStorage.getItem(COMPANY_CODE_KEY) ?? '';
  } catch {
    // Storage can be disabled by browser policy; the code is then typed each time.
    return '';
  }
}

function rememberCompanyCode(code: string): void {
  try {
    window.localStorage.setItem(COMPANY_CODE_KEY, code);
  } catch {
    // Not remembering the code only costs typing it next time.
  }
}

export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('login.title'));
  const navigate = useNavigate();
  // Mails that send people here (e.g. a temporary password) name the company in `?company=`.
  const [searchParams] = useSearchParams();
  const session = useSession();
  const login = useLogin();
  const form = useFormState<LoginInput>({
    companyCode: searchParams.get('company')?.slice(0, 40) ?? rememberedCompanyCode(),
    email: '',
    password: '',
  });

  if (session.isPending) return <LoadingState />;
  if (session.data) return <Navigate to="/" replace />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    // Company codes and e-mail addresses are often typed in full-width or with stray
    // spaces; the password is sent exactly as typed.
    const input: LoginInput = {
      companyCode: form.values.companyCode.normalize('NFKC').trim(),
      email: form.values.email.normalize('NFKC').trim(),
      password: form.values.password,
    };
    // A promise rather than mutate callbacks: the page unmounts as soon as the session
    // is stored, and the company code must still be remembered.
    void login.mutateAsync(input).then((result) => {
      rememberCompanyCode(input.companyCode);
      if (result.kind === 'second_factor') {
        // The challenge travels in the history entry's state, never in the URL.
        const next = result.challenge.enrolmentRequired ? '/login/mfa/enrol' : '/login/mfa';
        void navigate(next, { state: { secondFactor: result.challenge } });
        return;
      }
      void navigate('/', { replace: true });
    }, form.showServerErrors);
  };

  return (
    <Paper withBorder shadow="xs" p="xl" maw={440} mx="auto" mt="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} size="h2">
            {t('login.title')}
          </Title>
          {login.isError && <ErrorAlert error={login.error} fieldsShownInline={form.fieldNames} />}
          <TextInput
            label={t('login.companyCode')}
            description={t('login.companyCodeHint')}
            autoComplete="organization"
            required
            data-testid="login-company"
            {...form.field('companyCode')}
          />
          <TextInput
            type="email"
            label={t('login.email')}
            autoComplete="username"
            required
            data-testid="login-email"
            {...form.field('email')}
          />
          <PasswordInput
            label={t('login.password')}
            autoComplete="current-password"
            required
            visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
            data-testid="login-password"
            {...form.field('password')}
          />
          <Button type="submit" loading={login.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm" data-testid="forgot-password-link">
            {t('account.forgot.link')}
          </Anchor>
        </Stack>
      </form>
    </Paper>
  );
}
