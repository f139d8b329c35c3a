import { ActionIcon, Button, Checkbox, Fieldset, Group, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { usePageTitle } from '../../../layout/usePageTitle';
import { ENERGY_TYPES, ENERGY_UNITS, useDeleteRecord, useIsProcessAdmin, useSaveWorkstation, useWorkstation, WEEKDAYS, type HourRange, type Weekday, type Workstation } from './api';
import { BackLink, ConfirmDialog, parseNumber, ReadOnlyNote, SaveError, serverFieldErrors } from './shared';

const FIELDS = ['code', 'name', 'capacity', 'capacityUnit', 'setupMinutes', 'cleanupMinutes', 'powerKw', 'energySources', 'workHours', 'observeHolidays', 'days'] as const;
type Field = (typeof FIELDS)[number];

interface DayDraft {
  key: number;
  day: string;
  closed: boolean;
  hours: HourRange[];
  note: string;
}

interface Draft {
  code: string;
  name: string;
  capacity: string;
  capacityUnit: string;
  setupMinutes: string;
  cleanupMinutes: string;
  powerKw: string;
  energySources: string[];
  workHours: Record<Weekday, HourRange[]>;
  observeHolidays: boolean;
  days: DayDraft[];
}

const WEEKDAY_HOURS: HourRange[] = [['08:00', '17:00']];
let nextKey = 1;

function emptyDraft(): Draft {
  return {
    code: '',
    name: '',
    capacity: '1',
    capacityUnit: '',
    setupMinutes: '0',
    cleanupMinutes: '0',
    powerKw: '0',
    energySources: ['electricity'],
    workHours: { mon: WEEKDAY_HOURS, tue: WEEKDAY_HOURS, wed: WEEKDAY_HOURS, thu: WEEKDAY_HOURS, fri: WEEKDAY_HOURS, sat: [], sun: [] },
    observeHolidays: true,
    days: [],
  };
}

function draftOf(ws: Workstation): Draft {
  return {
    code: ws.code,
    name: ws.name,
    capacity: String(ws.capacity),
    capacityUnit: ws.capacityUnit,
    setupMinutes: String(ws.setupMinutes),
    cleanupMinutes: String(ws.cleanupMinutes),
    powerKw: String(ws.powerKw),
    energySources: ws.energySources,
    workHours: Object.fromEntries(WEEKDAYS.map((d) => [d, ws.workHours[d] ?? []])) as Record<Weekday, HourRange[]>,
    observeHolidays: ws.observeHolidays,
    days: ws.days.map((d) => ({ key: nextKey++, day: d.day, closed: d.hours.length === 0, hours: d.hours.length === 0 ? [['09:00', '12:00']] : d.hours, note: d.note })),
  };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const validRange = ([from, to]: HourRange) => TIME.test(from) && (TIME.test(to) || to === '24:00') && from < to;

/** Ranges of working time within one day: start–end pairs, with add and remove. */
function RangesEditor({ ranges, onChange, readOnly, label, testId }: { ranges: HourRange[]; onChange: (next: HourRange[]) => void; readOnly: boolean; label: string; testId: string }) {
  const { t } = useTranslation();
  const update = (index: number, position: 0 | 1, value: string) => onChange(ranges.map((r, i) => (i === index ? (position === 0 ? [value, r[1]] : [r[0], value]) : r)));
  return (
    <Stack gap={4} data-testid={testId}>
      {ranges.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('processMaster.workstations.dayOff')}
        </Text>
      )}
      {ranges.map((range, index) => (
        <Group key={index} gap="xs" wrap="nowrap">
          <TextInput type="time" size="xs" aria-label={t('processMaster.workstations.rangeFrom', { what: label, n: index + 1 })} value={range[0]} readOnly={readOnly} onChange={(e) => update(index, 0, e.currentTarget.value)} />
          <Text size="sm" aria-hidden>
            –
          </Text>
          <TextInput type="time" size="xs" aria-label={t('processMaster.workstations.rangeTo', { what: label, n: index + 1 })} value={range[1]} readOnly={readOnly} onChange={(e) => update(index, 1, e.currentTarget.value)} />
          {!readOnly && (
            <ActionIcon variant="subtle" color="red" aria-label={t('processMaster.workstations.removeRange', { what: label, n: index + 1 })} onClick={() => onChange(ranges.filter((_, i) => i !== index))}>
              ×
            </ActionIcon>
          )}
        </Group>
      ))}
      {!readOnly && ranges.length < 6 && (
        <Button variant="subtle" size="compact-xs" w="fit-content" onClick={() => onChange([...ranges, ranges.length === 0 ? ['08:00', '17:00'] : ['13:00', '17:00']])} aria-label={t('processMaster.workstations.addRangeFor', { what: label })}>
          {t('processMaster.workstations.addRange')}
        </Button>
      )}
    </Stack>
  );
}

/** One workstation: a new one (`/workstations/new`) or an existing one. */
export function WorkstationEditPage() {
  const { workstationId } = useParams();
  const id = workstationId === 'new' ? undefined : workstationId;
  const ws = useWorkstation(id);
  if (id === undefined) return <WorkstationForm />;
  if (ws.isPending) return <LoadingState />;
  if (ws.isError) return isApiStatus(ws.error, 404) ? <NotFoundContent /> : <ErrorAlert error={ws.error} onRetry={() => void ws.refetch()} />;
  return <WorkstationForm workstation={ws.data} onReload={() => void ws.refetch()} />;
}

function WorkstationForm({ workstation, onReload }: { workstation?: Workstation; onReload?: () => void }) {
  const { t } = useTranslation();
  const isAdmin = useIsProcessAdmin();
  const readOnly = !isAdmin;
  const navigate = useNavigate();
  const title = workstation ? t('processMaster.workstations.editTitle', { code: workstation.code }) : t('processMaster.workstations.newTitle');
  usePageTitle(title);
  const save = useSaveWorkstation(workstation?.id);
  const remove = useDeleteRecord('workstations');
  const [draft, setDraft] = useState<Draft>(() => (workstation ? draftOf(workstation) : emptyDraft()));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    if (workstation) setDraft(draftOf(workstation));
  }, [workstation]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };
  const setDay = (key: number, patch: Partial<DayDraft>) => set('days', draft.days.map((d) => (d.key === key ? { ...d, ...patch } : d)));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const next: Partial<Record<Field, string>> = {};
    if (draft.code.trim() === '') next.code = t('processMaster.required');
    if (draft.name.trim() === '') next.name = t('processMaster.required');
    const capacity = parseNumber(draft.capacity);
    const setup = parseNumber(draft.setupMinutes);
    const cleanup = parseNumber(draft.cleanupMinutes);
    const power = parseNumber(draft.powerKw);
    if (capacity === null || capacity <= 0) next.capacity = t('processMaster.positiveNumber');
    if (setup === null || setup < 0 || !Number.isInteger(setup)) next.setupMinutes = t('processMaster.wholeMinutes');
    if (cleanup === null || cleanup < 0 || !Number.isInteger(cleanup)) next.cleanupMinutes = t('processMaster.wholeMinutes');
    if (power === null || power < 0) next.powerKw = t('processMaster.nonNegativeNumber');
    if (WEEKDAYS.some((d) => !draft.workHours[d].every(validRange))) next.workHours = t('processMaster.workstations.badRange');
    if (draft.days.some((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d.day) || (!d.closed && (d.hours.length === 0 || !d.hours.every(validRange))))) next.days = t('processMaster.workstations.badDay');
    else if (new Set(draft.days.map((d) => d.day)).size !== draft.days.length) next.days = t('processMaster.workstations.duplicateDay');
    setErrors(next);
    if (Object.keys(next).length > 0 || capacity === null || setup === null || cleanup === null || power === null) return;
    save.mutate(
      {
        code: draft.code.trim(),
        name: draft.name.trim(),
        capacity,
        capacityUnit: draft.capacityUnit.trim(),
        setupMinutes: setup,
        cleanupMinutes: cleanup,
        powerKw: power,
        energySources: ENERGY_TYPES.filter((e) => draft.energySources.includes(e)),
        workHours: Object.fromEntries(WEEKDAYS.filter((d) => draft.workHours[d].length > 0).map((d) => [d, draft.workHours[d]])),
        observeHolidays: draft.observeHolidays,
        days: [...draft.days].sort((a, b) => a.day.localeCompare(b.day)).map((d) => ({ day: d.day, hours: d.closed ? [] : d.hours, note: d.note.trim() })),
        ...(workstation ? { version: workstation.version } : {}),
      },
      {
        onSuccess: (saved) => void navigate('/s/process/workstations', { state: { notice: t('processMaster.workstations.saved', { code: saved.code }) } }),
        onError: (error) => setErrors(serverFieldErrors(error, FIELDS)),
      },
    );
  };

  const numberInput = (field: 'capacity' | 'setupMinutes' | 'cleanupMinutes' | 'powerKw', extra: { description?: string } = {}) => (
    <TextInput
      label={t(`processMaster.workstations.${field}`)}
      inputMode="decimal"
      required={!readOnly}
      readOnly={readOnly}
      value={draft[field]}
      error={errors[field]}
      onChange={(e) => set(field, e.currentTarget.value)}
      data-testid={`workstation-${field}`}
      {...extra}
    />
  );

  return (
    <Stack maw={960}>
      <BackLink to="/s/process/workstations" label={t('processMaster.workstations.back')} />
      <Title order={1}>{title}</Title>
      {readOnly && <ReadOnlyNote />}
      {save.isError && <SaveError error={save.error} fields={FIELDS} onReload={onReload} />}
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('processMaster.workstations.code')} required={!readOnly} readOnly={readOnly} maxLength={40} value={draft.code} error={errors.code} onChange={(e) => set('code', e.currentTarget.value)} data-testid="workstation-code" />
            <TextInput label={t('processMaster.workstations.name')} required={!readOnly} readOnly={readOnly} maxLength={200} value={draft.name} error={errors.name} onChange={(e) => set('name', e.currentTarget.value)} data-testid="workstation-name" />
            {numberInput('capacity', { description: t('processMaster.workstations.capacityHint') })}
            <TextInput label={t('processMaster.workstations.capacityUnit')} readOnly={readOnly} maxLength={20} value={draft.capacityUnit} error={errors.capacityUnit} onChange={(e) => set('capacityUnit', e.currentTarget.value)} data-testid="workstation-capacityUnit" />
            {numberInput('setupMinutes')}
            {numberInput('cleanupMinutes')}
            {numberInput('powerKw', { description: t('processMaster.workstations.powerHint') })}
          </SimpleGrid>
          <Checkbox.Group label={t('processMaster.workstations.energySources')} value={draft.energySources} onChange={(value) => set('energySources', value)} error={errors.energySources}>
            <Group mt="xs">
              {ENERGY_TYPES.map((e) => (
                <Checkbox key={e} value={e} disabled={readOnly} label={`${t(`processMaster.energy.${e}`)}（${ENERGY_UNITS[e]}）`} data-testid={`workstation-energy-${e}`} />
              ))}
            </Group>
          </Checkbox.Group>
          <Fieldset legend={t('processMaster.workstations.workHours')}>
            <Text size="sm" mb="xs">
              {t('processMaster.workstations.workHoursHint')}
            </Text>
            {errors.workHours && (
              <Text size="sm" c="red.9" role="alert" mb="xs">
                {errors.workHours}
              </Text>
            )}
            <Table withRowBorders verticalSpacing={6}>
              <Table.Tbody>
                {WEEKDAYS.map((d) => (
                  <Table.Tr key={d}>
                    <Table.Th scope="row" w={120}>
                      {t(`processMaster.weekdaysLong.${d}`)}
                    </Table.Th>
                    <Table.Td>
                      <RangesEditor
                        ranges={draft.workHours[d]}
                        onChange={(ranges) => set('workHours', { ...draft.workHours, [d]: ranges })}
                        readOnly={readOnly}
                        label={t(`processMaster.weekdaysLong.${d}`)}
                        testId={`workstation-hours-${d}`}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Fieldset>
          <Switch
            label={t('processMaster.workstations.observeHolidays')}
            description={t('processMaster.workstations.observeHolidaysHint')}
            checked={draft.observeHolidays}
            disabled={readOnly}
            onChange={(e) => set('observeHolidays', e.currentTarget.checked)}
            data-testid="workstation-observeHolidays"
          />
          <Fieldset legend={t('processMaster.workstations.days')}>
            <Text size="sm" mb="xs">
              {t('processMaster.workstations.daysHint')}
            </Text>
            {errors.days && (
              <Text size="sm" c="red.9" role="alert" mb="xs">
                {errors.days}
              </Text>
            )}
            <Stack gap="sm">
              {draft.days.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('processMaster.workstations.noDays')}
                </Text>
              )}
              {draft.days.map((d, index) => {
                const label = t('processMaster.workstations.dayN', { n: index + 1 });
                return (
                  <Group key={d.key} align="flex-start" data-testid="workstation-day">
                    <TextInput type="date" size="xs" label={t('processMaster.workstations.day')} value={d.day} readOnly={readOnly} onChange={(e) => setDay(d.key, { day: e.currentTarget.value })} />
                    <Switch size="sm" mt={28} label={t('processMaster.workstations.closed')} checked={d.closed} disabled={readOnly} onChange={(e) => setDay(d.key, { closed: e.currentTarget.checked })} />
                    {!d.closed && (
                      <Stack gap={2}>
                        <Text size="xs" fw={500}>
                          {t('processMaster.workstations.specialHours')}
                        </Text>
                        <RangesEditor ranges={d.hours} onChange={(hours) => setDay(d.key, { hours })} readOnly={readOnly} label={label} testId="workstation-day-hours" />
                      </Stack>
                    )}
                    <TextInput size="xs" label={t('processMaster.workstations.note')} maxLength={200} value={d.note} readOnly={readOnly} onChange={(e) => setDay(d.key, { note: e.currentTarget.value })} />
                    {!readOnly && (
                      <Button variant="subtle" color="red" size="xs" mt={24} onClick={() => set('days', draft.days.filter((x) => x.key !== d.key))} aria-label={t('processMaster.workstations.removeDay', { n: index + 1 })}>
                        {t('processMaster.remove')}
                      </Button>
                    )}
                  </Group>
                );
              })}
              {!readOnly && (
                <Button variant="light" size="xs" w="fit-content" onClick={() => set('days', [...draft.days, { key: nextKey++, day: '', closed: true, hours: [['09:00', '12:00']], note: '' }])} data-testid="workstation-add-day">
                  {t('processMaster.workstations.addDay')}
                </Button>
              )}
            </Stack>
          </Fieldset>
          {isAdmin && (
            <Group justify="space-between">
              <Group>
                <Button type="submit" loading={save.isPending} data-testid="workstation-save">
                  {t('processMaster.save')}
                </Button>
                <Button variant="default" onClick={() => void navigate('/s/process/workstations')}>
                  {t('processMaster.cancel')}
                </Button>
              </Group>
              {workstation && (
                <Button color="red" variant="outline" onClick={() => setConfirming(true)} data-testid="workstation-delete">
                  {t('processMaster.delete')}
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </form>
      {confirming && workstation && (
        <ConfirmDialog
          title={t('processMaster.workstations.deleteTitle')}
          message={t('processMaster.workstations.deleteConfirm', { code: workstation.code, name: workstation.name })}
          confirmLabel={t('processMaster.delete')}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() =>
            remove.mutate(workstation.id, {
              onSuccess: (answer) =>
                void navigate('/s/process/workstations', {
                  state: { notice: answer.deleted ? t('processMaster.workstations.deleted', { code: workstation.code }) : t('processMaster.workstations.archivedNotice', { code: workstation.code }) },
                }),
            })
          }
          onClose={() => {
            setConfirming(false);
            remove.reset();
          }}
        />
      )}
    </Stack>
  );
}
