import { Alert, Anchor, Button, Code, List, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { usePublicConfig } from '../../data/publicConfig';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import { REPORT_DESCRIPTION_MAX, useSubmitReport, type SecurityReportInput } from './reportsApi';

const EMPTY: SecurityReportInput = { reporterName: '', reporterEmail: '', subject: '', description: '', affected: '' };
type Field = keyof SecurityReportInput;

/** `/security/report`: anyone (user or outsider) sends a security report to the provider (16.1.2). */
export function ReportFormPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('opsMonitor.reports.form.title'));
  const contact = usePublicConfig().data?.securityContact;
  const submit = useSubmitReport();
  const [values, setValues] = useState<SecurityReportInput>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const field = (name: Field) => ({
    value: values[name],
    error: errors[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const { value } = event.currentTarget;
      setValues((current) => ({ ...current, [name]: value }));
      setErrors((current) => ({ ...current, [name]: undefined }));
    },
  });

  const send = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: Partial<Record<Field, string>> = {};
    if (values.subject.trim() === '') missing.subject = t('validation.required');
    if (values.description.trim() === '') missing.description = t('validation.required');
    if (values.description.length > REPORT_DESCRIPTION_MAX) missing.description = t('opsMonitor.reports.form.tooLong', { max: REPORT_DESCRIPTION_MAX.toLocaleString('ja-JP') });
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    submit.mutate(
      { ...values, reporterEmail: values.reporterEmail.normalize('NFKC').trim() },
      { onError: (error) => error instanceof ApiError && setErrors(error.fields as Partial<Record<Field, string>>) },
    );
  };

  if (submit.data) {
    return (
      <Paper withBorder shadow="xs" p="xl" maw={720} mx="auto" mt="xl">
        <Stack>
          <Title order={1} size="h2">
            {t('opsMonitor.reports.form.title')}
          </Title>
          <Alert variant="outline" color="teal.9" title={t('opsMonitor.reports.form.doneTitle')} data-testid="report-done">
            <Stack gap="xs">
              <Text>
                {t('opsMonitor.reports.form.reference')} <Code fz="lg" data-testid="report-reference">{submit.data.reference}</Code>
              </Text>
              <Text size="sm">{t('opsMonitor.reports.form.doneBody', { date: formatDateTime(submit.data.receivedAt, lang, { withZone: true }) })}</Text>
            </Stack>
          </Alert>
          <Button
            variant="default"
            onClick={() => {
              setValues(EMPTY);
              submit.reset();
            }}
          >
            {t('opsMonitor.reports.form.another')}
          </Button>
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper withBorder shadow="xs" p="xl" maw={720} mx="auto" mt="xl">
      <form onSubmit={send} noValidate>
        <Stack>
          <Title order={1} size="h2">
            {t('opsMonitor.reports.form.title')}
          </Title>
          <Text>{t('opsMonitor.reports.form.intro')}</Text>
          <List size="sm">
            <List.Item>{t('opsMonitor.reports.form.noSecrets')}</List.Item>
            <List.Item>{t('opsMonitor.reports.form.answerNote')}</List.Item>
          </List>
          {contact && (
            <Text size="sm">
              {t('opsMonitor.reports.form.contact')}{' '}
              <Anchor href={`mailto:${contact}`} size="sm">
                {contact}
              </Anchor>
            </Text>
          )}
          {submit.isError && <ErrorAlert error={submit.error} fieldsShownInline={Object.keys(EMPTY)} />}
          <TextInput label={t('opsMonitor.reports.form.subject')} required maxLength={200} data-testid="report-subject" {...field('subject')} />
          <Textarea
            label={t('opsMonitor.reports.form.description')}
            description={t('opsMonitor.reports.form.descriptionHint', { count: values.description.length.toLocaleString('ja-JP'), max: REPORT_DESCRIPTION_MAX.toLocaleString('ja-JP') })}
            required
            autosize
            minRows={8}
            maxRows={20}
            data-testid="report-description"
            {...field('description')}
          />
          <TextInput label={t('opsMonitor.reports.form.affected')} description={t('opsMonitor.reports.form.affectedHint')} maxLength={500} data-testid="report-affected" {...field('affected')} />
          <TextInput label={t('opsMonitor.reports.form.reporterName')} maxLength={100} autoComplete="name" data-testid="report-name" {...field('reporterName')} />
          <TextInput
            type="email"
            label={t('opsMonitor.reports.form.reporterEmail')}
            description={t('opsMonitor.reports.form.reporterEmailHint')}
            autoComplete="email"
            data-testid="report-email"
            {...field('reporterEmail')}
          />
          <Button type="submit" loading={submit.isPending} data-testid="report-submit">
            {t('opsMonitor.reports.form.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
