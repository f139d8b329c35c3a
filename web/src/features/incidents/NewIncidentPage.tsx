import { Alert, Anchor, Button, Checkbox, Group, Paper, Radio, ScrollArea, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useOutletContext } from 'react-router';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { SERVICE_IDS, useServices, type ServiceId } from '../../data/services';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import type { StaffSession } from '../audit/api';
import { SEVERITIES, useDeadlinePreview, useRecordIncident, useTenantChoices, type Severity } from './api';
import { useServiceNames } from './incidentLabels';
import { fromJstInput, searchKey, toJstInput } from './incidentTime';

const FIELDS = ['title', 'description', 'severity', 'occurredAt', 'confirmedAt', 'services', 'tenantScope', 'tenantIds'] as const;
type Field = (typeof FIELDS)[number];

function isServiceId(value: string): value is ServiceId {
  return (SERVICE_IDS as readonly string[]).includes(value);
}

/** The tenants staff pick as affected, searchable by name or code however it is typed. */
function TenantPicker({ chosen, onChange, error }: { chosen: string[]; onChange: (ids: string[]) => void; error?: string }) {
  const { t } = useTranslation();
  const tenants = useTenantChoices(true);
  const serviceNames = useServiceNames();
  const [query, setQuery] = useState('');
  if (tenants.isPending) return <LoadingState />;
  if (tenants.isError) return <ErrorAlert error={tenants.error} onRetry={() => void tenants.refetch()} />;
  const key = searchKey(query);
  const shown = tenants.data.filter((tenant) => key === '' || searchKey(`${tenant.name}${tenant.code}`).includes(key));
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosen, id] : chosen.filter((c) => c !== id));
  return (
    <Stack gap="xs">
      <TextInput label={t('incidents.form.search')} description={t('incidents.form.searchHint')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} data-testid="incident-tenant-search" />
      <Text size="sm" aria-live="polite">
        {t('incidents.form.selectedCount', { count: chosen.length })}
      </Text>
      {error && (
        <Text size="sm" c="red.9" role="alert">
          {error}
        </Text>
      )}
      <Paper withBorder p="xs">
        <ScrollArea.Autosize mah={280}>
          {tenants.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('incidents.form.noTenants')}
            </Text>
          ) : shown.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('incidents.form.noTenantMatches')}
            </Text>
          ) : (
            <Stack gap={6}>
              {shown.map((tenant) => (
                <Checkbox
                  key={tenant.id}
                  checked={chosen.includes(tenant.id)}
                  onChange={(e) => toggle(tenant.id, e.currentTarget.checked)}
                  label={t('incidents.form.tenantLine', { name: tenant.name, code: tenant.code })}
                  description={tenant.services.length > 0 ? t('incidents.form.tenantServices', { services: serviceNames(tenant.services) }) : t('incidents.form.tenantNoServices')}
                  data-testid="incident-tenant-option"
                />
              ))}
            </Stack>
          )}
        </ScrollArea.Autosize>
      </Paper>
    </Stack>
  );
}

/** The deadline the server computes as soon as the occurrence time is complete. */
function DeadlineHint({ occurredAt, confirmedAt }: { occurredAt: string | null; confirmedAt: string | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const preview = useDeadlinePreview(occurredAt);
  if (!occurredAt || !preview.data) return null;
  const late = confirmedAt !== null && new Date(confirmedAt).getTime() > new Date(preview.data.deadline).getTime();
  return (
    <Alert color={late ? 'red' : 'blue'} variant="light" data-testid="incident-deadline-preview">
      <Text fw={700}>{t('incidents.form.deadlinePreview', { deadline: formatDateTime(preview.data.deadline, lang, { withZone: true }) })}</Text>
      <Text size="sm">{preview.data.occurredInBusinessHours ? t('incidents.form.deadlineInHours') : t('incidents.form.deadlineOutOfHours')}</Text>
      {late && <Text size="sm">{t('incidents.form.confirmedLate')}</Text>}
    </Alert>
  );
}

/**
 * Records an incident (16.1.1): what, when it occurred and was confirmed (JST), severity,
 * services, and the affected tenants. Nothing is mailed yet; the detail page sends notices.
 */
export function NewIncidentPage() {
  const { t } = useTranslation();
  usePageTitle(t('incidents.form.title'));
  const staff = useOutletContext<StaffSession>();
  const navigate = useNavigate();
  const services = useServices();
  const lang = useLang();
  const record = useRecordIncident();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<Severity>('medium');
  const [occurred, setOccurred] = useState('');
  const [confirmed, setConfirmed] = useState('');
  const [chosenServices, setChosenServices] = useState<ServiceId[]>([]);
  const [scope, setScope] = useState<'contracted' | 'selected'>('contracted');
  const [tenantIds, setTenantIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  if (!staff.permissions.includes('ops:incidents:manage')) return <Navigate to="/ops/incidents" replace />;

  const occurredAt = fromJstInput(occurred);
  const confirmedAt = fromJstInput(confirmed);
  const clear = (field: Field) => setErrors((current) => ({ ...current, [field]: undefined }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    record.reset();
    const next: Partial<Record<Field, string>> = {};
    if (title.trim() === '') next.title = t('incidents.form.required');
    if (description.trim() === '') next.description = t('incidents.form.required');
    if (occurredAt === null) next.occurredAt = t('incidents.form.invalidTime');
    if (confirmedAt === null) next.confirmedAt = t('incidents.form.invalidTime');
    if (chosenServices.length === 0) next.services = t('incidents.form.chooseOne');
    if (scope === 'selected' && tenantIds.length === 0) next.tenantIds = t('incidents.form.chooseOne');
    setErrors(next);
    if (Object.keys(next).length > 0 || occurredAt === null || confirmedAt === null) return;
    record.mutate(
      {
        title: title.trim(),
        description: description.trim(),
        severity,
        occurredAt,
        confirmedAt,
        services: SERVICE_IDS.filter((s) => chosenServices.includes(s)),
        tenantScope: scope,
        ...(scope === 'selected' ? { tenantIds } : {}),
      },
      {
        onSuccess: (answer) => void navigate(`/ops/incidents/${answer.incident.id}`),
        onError: (error) => {
          if (error instanceof ApiError) setErrors(Object.fromEntries(FIELDS.filter((f) => error.fields[f] !== undefined).map((f) => [f, error.fields[f]])));
        },
      },
    );
  };

  const timeInput = (field: 'occurredAt' | 'confirmedAt', value: string, set: (v: string) => void, testId: string) => (
    <Stack gap={4}>
      <TextInput
        type="datetime-local"
        label={t(`incidents.form.${field}`)}
        description={t('incidents.form.timeHint')}
        required
        value={value}
        error={errors[field]}
        onChange={(e) => {
          set(e.currentTarget.value);
          clear(field);
        }}
        data-testid={testId}
      />
      <Anchor
        component="button"
        type="button"
        size="sm"
        onClick={() => {
          set(toJstInput(new Date()));
          clear(field);
        }}
        w="fit-content"
      >
        {t('incidents.form.now')}
      </Anchor>
    </Stack>
  );

  return (
    <Stack maw={820}>
      <Anchor component={Link} to="/ops/incidents" size="sm">
        {t('incidents.back')}
      </Anchor>
      <Title order={1}>{t('incidents.form.title')}</Title>
      <Text size="sm">{t('incidents.form.intro')}</Text>
      {record.isError && <ErrorAlert error={record.error} fieldsShownInline={FIELDS} />}
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('incidents.form.titleLabel')}
            description={t('incidents.form.titleHint')}
            required
            maxLength={200}
            value={title}
            error={errors.title}
            onChange={(e) => {
              setTitle(e.currentTarget.value);
              clear('title');
            }}
            data-testid="incident-title"
          />
          <Textarea
            label={t('incidents.form.description')}
            description={t('incidents.form.descriptionHint')}
            required
            autosize
            minRows={4}
            maxLength={5000}
            value={description}
            error={errors.description}
            onChange={(e) => {
              setDescription(e.currentTarget.value);
              clear('description');
            }}
            data-testid="incident-description"
          />
          <Radio.Group label={t('incidents.severity.label')} required value={severity} onChange={(v) => setSeverity(SEVERITIES.find((s) => s === v) ?? 'medium')} error={errors.severity}>
            <Group mt="xs">
              {SEVERITIES.map((s) => (
                <Radio key={s} value={s} label={t(`incidents.severity.${s}`)} data-testid={`incident-severity-${s}`} />
              ))}
            </Group>
          </Radio.Group>
          <Group grow align="flex-start">
            {timeInput('occurredAt', occurred, setOccurred, 'incident-occurred')}
            {timeInput('confirmedAt', confirmed, setConfirmed, 'incident-confirmed')}
          </Group>
          <DeadlineHint occurredAt={occurredAt} confirmedAt={confirmedAt} />
          <Checkbox.Group
            label={t('incidents.form.services')}
            required
            value={chosenServices}
            onChange={(values) => {
              setChosenServices(values.filter(isServiceId));
              clear('services');
            }}
            error={errors.services}
          >
            <Group mt="xs">
              {(services.data ?? []).map((service) => (
                <Checkbox key={service.id} value={service.id} label={service.name[lang]} data-testid={`incident-service-${service.id}`} />
              ))}
            </Group>
          </Checkbox.Group>
          <Radio.Group
            label={t('incidents.form.scope')}
            required
            value={scope}
            onChange={(v) => {
              setScope(v === 'selected' ? 'selected' : 'contracted');
              clear('tenantIds');
            }}
            error={errors.tenantScope}
          >
            <Stack mt="xs" gap="xs">
              <Radio value="contracted" label={t('incidents.form.scopeContracted')} data-testid="incident-scope-contracted" />
              <Radio value="selected" label={t('incidents.form.scopeSelected')} data-testid="incident-scope-selected" />
            </Stack>
          </Radio.Group>
          {scope === 'selected' && (
            <TenantPicker
              chosen={tenantIds}
              onChange={(ids) => {
                setTenantIds(ids);
                clear('tenantIds');
              }}
              error={errors.tenantIds}
            />
          )}
          <Group>
            <Button type="submit" loading={record.isPending} data-testid="incident-submit">
              {t('incidents.form.submit')}
            </Button>
            <Button variant="default" component={Link} to="/ops/incidents">
              {t('incidents.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
