import { Alert, Button, Checkbox, Group, List, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { SERVICE_IDS, useServices, type ServiceId } from '../../data/services';
import { useLang } from '../../i18n/useLang';
import { useAffectedPreview, useChangeNotice, useScheduleNotice, type MaintenanceNotice, type NoticeInput } from './api';
import { NoticeDialog } from './NoticeDialog';
import { fromJstInput, keepsLeadTime, toJstInput, windowText } from './noticeTime';

const FIELDS = ['startsAt', 'endsAt', 'services', 'descriptionJa', 'descriptionEn', 'urgentReason'] as const;
type Field = (typeof FIELDS)[number];

interface NoticeFormProps {
  /** The notice being changed; absent when scheduling a new one. */
  notice?: MaintenanceNotice;
  leadDays: number;
}

function isServiceId(value: string): value is ServiceId {
  return (SERVICE_IDS as readonly string[]).includes(value);
}

/**
 * Schedules or changes a maintenance. Times are entered in JST; the tenants to be mailed are
 * shown as the window is filled in, and a start inside the notice period is flagged before
 * the server refuses it. Sending asks for confirmation, since it mails tenants at once.
 */
export function NoticeForm({ notice, leadDays }: NoticeFormProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const services = useServices();
  const schedule = useScheduleNotice();
  const change = useChangeNotice(notice?.id ?? '');
  const failure = notice ? change.error : schedule.error;
  const sending = schedule.isPending || change.isPending;
  const [start, setStart] = useState(notice ? toJstInput(notice.startsAt) : '');
  const [end, setEnd] = useState(notice ? toJstInput(notice.endsAt) : '');
  const [chosen, setChosen] = useState<ServiceId[]>(notice?.services ?? []);
  const [descriptionJa, setDescriptionJa] = useState(notice?.description.ja ?? '');
  const [descriptionEn, setDescriptionEn] = useState(notice?.description.en ?? '');
  const [urgent, setUrgent] = useState(notice?.urgent ?? false);
  const [urgentReason, setUrgentReason] = useState(notice?.urgentReason ?? '');
  // The version the form was opened on: a change made meanwhile by someone else is refused
  // by the server (409) instead of being overwritten with what this form shows.
  const [opened] = useState(() => (notice ? { revision: notice.revision, startsAt: notice.startsAt } : null));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [confirming, setConfirming] = useState<NoticeInput | null>(null);

  const startsAt = fromJstInput(start);
  const endsAt = fromJstInput(end);
  const windowComplete = startsAt !== null && endsAt !== null && new Date(endsAt) > new Date(startsAt) && chosen.length > 0;
  const preview = useAffectedPreview(windowComplete ? { startsAt, endsAt, services: SERVICE_IDS.filter((s) => chosen.includes(s)) } : null);
  const startMoved = !opened || (startsAt !== null && new Date(startsAt).getTime() !== new Date(opened.startsAt).getTime());
  const insideNotice = startsAt !== null && startMoved && !keepsLeadTime(startsAt, leadDays);
  const earliest = formatDateTime(new Date(Date.now() + leadDays * 24 * 3_600_000).toISOString(), lang, { withZone: true });

  const clearError = (field: Field) => setErrors((current) => ({ ...current, [field]: undefined }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    schedule.reset();
    change.reset();
    const next: Partial<Record<Field, string>> = {};
    if (startsAt === null) next.startsAt = t('maintenance.form.invalidTime');
    if (endsAt === null) next.endsAt = t('maintenance.form.invalidTime');
    if (chosen.length === 0) next.services = t('validation.required');
    if (descriptionJa.trim() === '') next.descriptionJa = t('validation.required');
    if (descriptionEn.trim() === '') next.descriptionEn = t('validation.required');
    if (urgent && urgentReason.trim() === '') next.urgentReason = t('validation.required');
    setErrors(next);
    if (Object.keys(next).length > 0 || startsAt === null || endsAt === null) return;
    setConfirming({
      startsAt,
      endsAt,
      services: SERVICE_IDS.filter((s) => chosen.includes(s)),
      descriptionJa: descriptionJa.trim(),
      descriptionEn: descriptionEn.trim(),
      urgent,
      ...(urgent ? { urgentReason: urgentReason.trim() } : {}),
      ...(opened ? { revision: opened.revision } : {}),
    });
  };

  const done = (count: number, id: string) =>
    void navigate(`/ops/maintenance/${id}`, { state: { done: notice ? t('maintenance.form.doneEdit', { count }) : t('maintenance.form.doneNew', { count }) } });
  const failed = (error: unknown) => {
    setConfirming(null);
    if (error instanceof ApiError) {
      setErrors(Object.fromEntries(FIELDS.filter((f) => error.fields[f] !== undefined).map((f) => [f, error.fields[f]])));
    }
  };
  const send = (input: NoticeInput) => {
    if (notice) change.mutate(input, { onSuccess: (result) => done(result.notice.notified, notice.id), onError: failed });
    else schedule.mutate(input, { onSuccess: (result) => done(result.notice.notified, result.notice.id), onError: failed });
  };

  return (
    <Stack maw={760}>
      <Title order={1}>{notice ? t('maintenance.form.titleEdit') : t('maintenance.form.titleNew')}</Title>
      <Text size="sm">{notice ? t('maintenance.form.introEdit') : t('maintenance.form.introNew')}</Text>
      {failure && <ErrorAlert error={failure} fieldsShownInline={FIELDS} />}
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group grow align="flex-start">
            <TextInput
              type="datetime-local"
              label={t('maintenance.form.startsAt')}
              description={t('maintenance.form.timeHint')}
              required
              value={start}
              error={errors.startsAt}
              onChange={(e) => {
                setStart(e.currentTarget.value);
                clearError('startsAt');
              }}
              data-testid="maintenance-start"
            />
            <TextInput
              type="datetime-local"
              label={t('maintenance.form.endsAt')}
              description={t('maintenance.form.timeHint')}
              required
              value={end}
              error={errors.endsAt}
              onChange={(e) => {
                setEnd(e.currentTarget.value);
                clearError('endsAt');
              }}
              data-testid="maintenance-end"
            />
          </Group>
          {insideNotice && !urgent && (
            <Alert color="yellow" variant="light" title={t('maintenance.form.leadWarningTitle')} data-testid="maintenance-lead-warning">
              <Text size="sm" c="dark">
                {t('maintenance.form.leadWarning', { days: leadDays, date: earliest })}
              </Text>
            </Alert>
          )}
          {insideNotice && urgent && (
            <Text size="sm" data-testid="maintenance-lead-urgent">
              {t('maintenance.form.leadUrgent')}
            </Text>
          )}
          <Checkbox.Group
            label={t('maintenance.form.services')}
            description={t('maintenance.form.servicesHint')}
            required
            value={chosen}
            error={errors.services}
            onChange={(values) => {
              setChosen(values.filter(isServiceId));
              clearError('services');
            }}
          >
            <Group mt="xs">
              {(services.data ?? []).map((s) => (
                <Checkbox key={s.id} value={s.id} label={s.name[lang]} data-testid={`maintenance-service-${s.id}`} />
              ))}
            </Group>
          </Checkbox.Group>
          <Textarea
            label={t('maintenance.form.descriptionJa')}
            description={t('maintenance.form.descriptionHint')}
            required
            autosize
            minRows={3}
            value={descriptionJa}
            error={errors.descriptionJa}
            onChange={(e) => {
              setDescriptionJa(e.currentTarget.value);
              clearError('descriptionJa');
            }}
            data-testid="maintenance-description-ja"
          />
          <Textarea
            label={t('maintenance.form.descriptionEn')}
            required
            autosize
            minRows={3}
            lang="en"
            value={descriptionEn}
            error={errors.descriptionEn}
            onChange={(e) => {
              setDescriptionEn(e.currentTarget.value);
              clearError('descriptionEn');
            }}
            data-testid="maintenance-description-en"
          />
          <Checkbox
            label={t('maintenance.form.urgent')}
            checked={urgent}
            onChange={(e) => setUrgent(e.currentTarget.checked)}
            data-testid="maintenance-urgent"
          />
          {urgent && (
            <Textarea
              label={t('maintenance.form.urgentReason')}
              description={t('maintenance.form.urgentReasonHint')}
              required
              autosize
              minRows={2}
              value={urgentReason}
              error={errors.urgentReason}
              onChange={(e) => {
                setUrgentReason(e.currentTarget.value);
                clearError('urgentReason');
              }}
              data-testid="maintenance-urgent-reason"
            />
          )}
          <AffectedTenants preview={preview} complete={windowComplete} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void navigate(notice ? `/ops/maintenance/${notice.id}` : '/ops/maintenance')}>
              {t('maintenance.form.cancel')}
            </Button>
            <Button type="submit" data-testid="maintenance-submit">
              {notice ? t('maintenance.form.submitEdit') : t('maintenance.form.submitNew')}
            </Button>
          </Group>
        </Stack>
      </form>
      {confirming && (
        <NoticeDialog title={t('maintenance.form.confirmTitle')} onClose={() => setConfirming(null)}>
          <Stack>
            <Text data-testid="maintenance-confirm-text">
              {notice
                ? t('maintenance.form.confirmEdit', { window: windowText(confirming.startsAt, confirming.endsAt, lang) })
                : t('maintenance.form.confirmNew', { window: windowText(confirming.startsAt, confirming.endsAt, lang), count: preview.data?.tenants.length ?? 0 })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)}>
                {t('maintenance.form.back')}
              </Button>
              <Button onClick={() => send(confirming)} loading={sending} data-testid="maintenance-confirm">
                {t('maintenance.form.confirmSubmit')}
              </Button>
            </Group>
          </Stack>
        </NoticeDialog>
      )}
    </Stack>
  );
}

/** Who the notice will be mailed to, as the server counts it for the window being entered. */
function AffectedTenants({ preview, complete }: { preview: ReturnType<typeof useAffectedPreview>; complete: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="maintenance-affected">
      <Title order={2} size="h4">
        {t('maintenance.form.affectedTitle')}
      </Title>
      {!complete ? (
        <Text size="sm" c="dimmed">
          {t('maintenance.form.affectedHint')}
        </Text>
      ) : preview.isError ? (
        <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} />
      ) : !preview.data ? (
        <Text size="sm" c="dimmed">
          {t('app.loading')}
        </Text>
      ) : preview.data.tenants.length === 0 ? (
        <Text size="sm">{t('maintenance.form.affectedNone')}</Text>
      ) : (
        <>
          <Text size="sm">{t('maintenance.form.affectedCount', { count: preview.data.tenants.length })}</Text>
          <List size="sm">
            {preview.data.tenants.map((tenant) => (
              <List.Item key={tenant.id}>
                {tenant.code} {tenant.name}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}
