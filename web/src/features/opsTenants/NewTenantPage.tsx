import { Alert, Anchor, Button, Card, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useOutletContext } from 'react-router';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormState } from '../../components/useFormState';
import { SERVICE_IDS, useServices, type ServiceId } from '../../data/services';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import type { StaffSession } from '../audit/api';
import { useOpenTenant } from './api';
import { serviceName } from './serviceNames';
import { todayInJapan } from './tenantFilters';

interface ServiceChoice {
  chosen: boolean;
  startsOn: string;
  endsOn: string;
}

const FIELDS = ['code', 'name', 'representativeName', 'representativeEmail', 'contactEmail', 'requestRef'] as const;

/**
 * Opens a tenant (9.2.4): the provider records, contracts per service and the representative's
 * account; the representative gets the first-login mail. Values stay as typed on any error.
 */
export function NewTenantPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('opsTenants.new.title'));
  const staff = useOutletContext<StaffSession>();
  const navigate = useNavigate();
  const services = useServices();
  const open = useOpenTenant();
  const form = useFormState({ code: '', name: '', representativeName: '', representativeEmail: '', contactEmail: '', requestRef: '' });
  const [language, setLanguage] = useState<'ja' | 'en'>('ja');
  const [choices, setChoices] = useState<Record<ServiceId, ServiceChoice>>(() => {
    const today = todayInJapan();
    return { process: { chosen: false, startsOn: today, endsOn: '' }, catalog: { chosen: false, startsOn: today, endsOn: '' }, survey: { chosen: false, startsOn: today, endsOn: '' } };
  });
  const [servicesError, setServicesError] = useState<string | undefined>();

  if (!staff.permissions.includes('ops:tenants:write')) {
    return (
      <Alert variant="default" title={t('opsTenants.readOnlyTitle')} data-testid="tenant-new-forbidden">
        {t('opsTenants.readOnlyBody')}
      </Alert>
    );
  }

  const chosen = SERVICE_IDS.filter((id) => choices[id].chosen);
  const update = (id: ServiceId, patch: Partial<ServiceChoice>) => setChoices((current) => ({ ...current, [id]: { ...current[id], ...patch } }));
  /** The server names fields of the contracts list by position (`contracts.1.endsOn`); show them on that service's row. */
  const contractError = (id: ServiceId, field: 'startsOn' | 'endsOn' | 'service'): string | undefined => {
    if (!(open.error instanceof ApiError)) return undefined;
    const index = chosen.indexOf(id);
    return index < 0 ? undefined : open.error.fields[`contracts.${index}.${field}`];
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const filled = form.checkFilled(t('validation.required'));
    setServicesError(chosen.length === 0 ? t('opsTenants.new.servicesRequired') : undefined);
    if (!filled || chosen.length === 0) return;
    open.mutate(
      {
        code: form.values.code,
        name: form.values.name.trim(),
        representativeName: form.values.representativeName.trim(),
        representativeEmail: form.values.representativeEmail.normalize('NFKC').trim(),
        contactEmail: form.values.contactEmail.normalize('NFKC').trim(),
        lang: language,
        contracts: chosen.map((service) => ({ service, startsOn: choices[service].startsOn, ...(choices[service].endsOn ? { endsOn: choices[service].endsOn } : {}) })),
        requestRef: form.values.requestRef.trim(),
      },
      {
        onSuccess: ({ tenant }) =>
          void navigate(`/ops/tenants/${tenant.id}`, {
            state: { notice: t('opsTenants.new.done', { code: tenant.code, email: form.values.representativeEmail.trim(), date: formatDateTime(tenant.firstLoginExpiresAt, lang, { withZone: true }) }) },
          }),
        onError: form.showServerErrors,
      },
    );
  };

  const shownInline = [...FIELDS, ...chosen.flatMap((_, i) => [`contracts.${i}.startsOn`, `contracts.${i}.endsOn`, `contracts.${i}.service`])];

  return (
    <Stack>
      <Anchor component={Link} to="/ops/tenants" size="sm">
        {t('opsTenants.backToList')}
      </Anchor>
      <Title order={1}>{t('opsTenants.new.title')}</Title>
      <Text size="sm">{t('opsTenants.new.intro')}</Text>
      <form onSubmit={submit} noValidate aria-label={t('opsTenants.new.title')}>
        <Stack>
          {open.isError && <ErrorAlert error={open.error} fieldsShownInline={shownInline} />}
          <Card withBorder>
            <Stack>
              <Title order={2} size="h4">
                {t('opsTenants.new.company')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('opsTenants.fields.code')} description={t('opsTenants.new.codeHint')} required autoComplete="off" data-testid="new-code" {...form.field('code')} />
                <TextInput label={t('opsTenants.fields.name')} required autoComplete="off" data-testid="new-name" {...form.field('name')} />
                <TextInput label={t('opsTenants.fields.representativeName')} required autoComplete="off" data-testid="new-rep-name" {...form.field('representativeName')} />
                <TextInput
                  type="email"
                  label={t('opsTenants.fields.representativeEmail')}
                  description={t('opsTenants.new.representativeHint')}
                  required
                  autoComplete="off"
                  data-testid="new-rep-email"
                  {...form.field('representativeEmail')}
                />
                <TextInput
                  type="email"
                  label={t('opsTenants.fields.contactEmail')}
                  description={t('opsTenants.fields.contactHint')}
                  required
                  autoComplete="off"
                  data-testid="new-contact-email"
                  {...form.field('contactEmail')}
                />
                <NativeSelect
                  label={t('opsTenants.new.language')}
                  description={t('opsTenants.new.languageHint')}
                  value={language}
                  onChange={(event) => setLanguage(event.currentTarget.value === 'en' ? 'en' : 'ja')}
                  data={[
                    { value: 'ja', label: t('language.ja') },
                    { value: 'en', label: t('language.en') },
                  ]}
                  data-testid="new-lang"
                />
              </SimpleGrid>
            </Stack>
          </Card>
          <Card withBorder>
            <Stack>
              <Title order={2} size="h4">
                {t('opsTenants.new.services')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('opsTenants.new.servicesHint')}
              </Text>
              {servicesError && (
                <Text c="red.8" size="sm" role="alert" data-testid="new-services-error">
                  {servicesError}
                </Text>
              )}
              {SERVICE_IDS.map((id) => (
                <Group key={id} align="flex-start" wrap="wrap" data-testid={`new-service-${id}`}>
                  <Checkbox
                    mt="xl"
                    miw={160}
                    label={serviceName(services.data, id, lang)}
                    checked={choices[id].chosen}
                    onChange={(event) => {
                      const checked = event.currentTarget.checked;
                      update(id, { chosen: checked });
                      if (checked) setServicesError(undefined);
                    }}
                    error={contractError(id, 'service')}
                    data-testid={`new-service-${id}-check`}
                  />
                  <TextInput
                    type="date"
                    label={t('opsTenants.fields.startsOn')}
                    value={choices[id].startsOn}
                    disabled={!choices[id].chosen}
                    onChange={(event) => update(id, { startsOn: event.currentTarget.value })}
                    error={contractError(id, 'startsOn')}
                    data-testid={`new-service-${id}-start`}
                  />
                  <TextInput
                    type="date"
                    label={t('opsTenants.fields.endsOn')}
                    description={t('opsTenants.new.endsOnHint')}
                    value={choices[id].endsOn}
                    disabled={!choices[id].chosen}
                    onChange={(event) => update(id, { endsOn: event.currentTarget.value })}
                    error={contractError(id, 'endsOn')}
                    data-testid={`new-service-${id}-end`}
                  />
                </Group>
              ))}
            </Stack>
          </Card>
          <TextInput label={t('opsTenants.fields.requestRef')} description={t('opsTenants.fields.requestRefHint')} required autoComplete="off" data-testid="new-request-ref" {...form.field('requestRef')} />
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/ops/tenants">
              {t('opsTenants.cancel')}
            </Button>
            <Button type="submit" loading={open.isPending} data-testid="new-submit">
              {t('opsTenants.new.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
