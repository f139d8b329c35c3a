import { Button, Fieldset, Group, NativeSelect, Paper, SimpleGrid, Stack, Switch, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { usePageTitle } from '../../../layout/usePageTitle';
import { ENERGY_TYPES, ENERGY_UNITS, useDeleteRecord, useIsProcessAdmin, useItemChoices, useRouting, useSaveRouting, useWorkstationChoices, type EnergyType, type Routing, type TimeBasis } from './api';
import { ItemPicker } from './ItemPicker';
import { BackLink, ConfirmDialog, parseNumber, ReadOnlyNote, SaveError, serverFieldErrors } from './shared';

const FIELDS = ['itemId', 'code', 'name', 'isDefault', 'steps'] as const;
type Field = (typeof FIELDS)[number];

interface StepDraft {
  key: number;
  name: string;
  workstationId: string;
  timeBasis: TimeBasis;
  standardMinutes: string;
  batchSize: string;
  energy: Record<EnergyType, string>;
}

interface Draft {
  itemId: string;
  code: string;
  name: string;
  isDefault: boolean;
  steps: StepDraft[];
}

let nextKey = 1;
const noEnergy = (): Record<EnergyType, string> => ({ electricity: '', city_gas: '', lpg: '', heavy_oil_a: '', steam: '' });
const emptyStep = (): StepDraft => ({ key: nextKey++, name: '', workstationId: '', timeBasis: 'per_unit', standardMinutes: '', batchSize: '1', energy: noEnergy() });

function draftOf(r: Routing): Draft {
  return {
    itemId: r.itemId,
    code: r.code,
    name: r.name,
    isDefault: r.isDefault,
    steps: [...r.steps]
      .sort((a, b) => a.seq - b.seq)
      .map((s) => ({
        key: nextKey++,
        name: s.name,
        workstationId: s.workstationId,
        timeBasis: s.timeBasis,
        standardMinutes: String(s.standardMinutes),
        batchSize: String(s.batchSize),
        energy: Object.fromEntries(ENERGY_TYPES.map((e) => [e, s.energyPerUnit[e] === undefined ? '' : String(s.energyPerUnit[e])])) as Record<EnergyType, string>,
      })),
  };
}

/** One routing (ordered steps): a new one (`/routings/new?itemId=`) or an existing one. */
export function RoutingEditPage() {
  const { routingId } = useParams();
  const id = routingId === 'new' ? undefined : routingId;
  const routing = useRouting(id);
  if (id === undefined) return <RoutingForm />;
  if (routing.isPending) return <LoadingState />;
  if (routing.isError) return isApiStatus(routing.error, 404) ? <NotFoundContent /> : <ErrorAlert error={routing.error} onRetry={() => void routing.refetch()} />;
  return <RoutingForm routing={routing.data} onReload={() => void routing.refetch()} />;
}

function RoutingForm({ routing, onReload }: { routing?: Routing; onReload?: () => void }) {
  const { t } = useTranslation();
  const isAdmin = useIsProcessAdmin();
  const readOnly = !isAdmin;
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const title = routing ? t('processMaster.routings.editTitle', { code: routing.code }) : t('processMaster.routings.newTitle');
  usePageTitle(title);
  const items = useItemChoices();
  const workstations = useWorkstationChoices();
  const save = useSaveRouting(routing?.id);
  const remove = useDeleteRecord('routings');
  const [draft, setDraft] = useState<Draft>(() => (routing ? draftOf(routing) : { itemId: search.get('itemId') ?? '', code: '', name: '', isDefault: true, steps: [emptyStep()] }));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [stepErrors, setStepErrors] = useState<Record<number, Partial<Record<'name' | 'workstationId' | 'standardMinutes' | 'batchSize' | 'energy', string>>>>({});
  const [confirming, setConfirming] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const container = useRef<HTMLDivElement>(null);
  const [focusTarget, setFocusTarget] = useState<{ key: number; dir: 'up' | 'down' } | null>(null);

  useEffect(() => {
    if (routing) setDraft(draftOf(routing));
  }, [routing]);

  // After a move the focus stays on the moved step's button (or its twin at the list's edge).
  useEffect(() => {
    if (!focusTarget || !container.current) return;
    const find = (dir: string) => container.current?.querySelector<HTMLButtonElement>(`[data-step-key="${focusTarget.key}"][data-move="${dir}"]`);
    const wanted = find(focusTarget.dir);
    (wanted && !wanted.disabled ? wanted : find(focusTarget.dir === 'up' ? 'down' : 'up'))?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };
  const setStep = (key: number, patch: Partial<StepDraft>) => {
    set('steps', draft.steps.map((s) => (s.key === key ? { ...s, ...patch } : s)));
    setStepErrors((current) => ({ ...current, [key]: {} }));
  };
  const move = (index: number, dir: 'up' | 'down') => {
    const target = dir === 'up' ? index - 1 : index + 1;
    if (target < 0 || target >= draft.steps.length) return;
    const steps = [...draft.steps];
    const [moved] = steps.splice(index, 1);
    if (!moved) return;
    steps.splice(target, 0, moved);
    set('steps', steps);
    setAnnouncement(t('processMaster.routings.moved', { name: moved.name || t('processMaster.routings.stepN', { n: index + 1 }), n: target + 1 }));
    setFocusTarget({ key: moved.key, dir });
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const next: Partial<Record<Field, string>> = {};
    if (draft.itemId === '') next.itemId = t('processMaster.chooseItem');
    if (draft.code.trim() === '') next.code = t('processMaster.required');
    if (draft.name.trim() === '') next.name = t('processMaster.required');
    const bad: typeof stepErrors = {};
    const steps = draft.steps.map((s, index) => {
      const e: (typeof stepErrors)[number] = {};
      const minutes = parseNumber(s.standardMinutes);
      const batch = parseNumber(s.batchSize);
      if (s.name.trim() === '') e.name = t('processMaster.required');
      if (s.workstationId === '') e.workstationId = t('processMaster.routings.chooseWorkstation');
      if (minutes === null || minutes < 0) e.standardMinutes = t('processMaster.nonNegativeNumber');
      if (batch === null || batch <= 0) e.batchSize = t('processMaster.positiveNumber');
      const energyPerUnit: Partial<Record<string, number>> = {};
      for (const type of ENERGY_TYPES) {
        if (s.energy[type].trim() === '') continue;
        const value = parseNumber(s.energy[type]);
        if (value === null || value < 0) e.energy = t('processMaster.routings.badEnergy');
        else energyPerUnit[type] = value;
      }
      if (Object.keys(e).length > 0) bad[s.key] = e;
      return { seq: index + 1, name: s.name.trim(), workstationId: s.workstationId, timeBasis: s.timeBasis, standardMinutes: minutes ?? 0, batchSize: batch ?? 1, energyPerUnit };
    });
    if (draft.steps.length === 0) next.steps = t('processMaster.routings.noSteps');
    else if (Object.keys(bad).length > 0) next.steps = t('processMaster.routings.badSteps');
    setErrors(next);
    setStepErrors(bad);
    if (Object.keys(next).length > 0) return;
    save.mutate(
      { itemId: draft.itemId, code: draft.code.trim(), name: draft.name.trim(), isDefault: draft.isDefault, steps, ...(routing ? { version: routing.version } : {}) },
      {
        onSuccess: (saved) => void navigate(`/s/process/routings?itemId=${encodeURIComponent(saved.itemId)}`, { state: { notice: t('processMaster.routings.saved', { code: saved.code }) } }),
        onError: (error) => setErrors(serverFieldErrors(error, FIELDS)),
      },
    );
  };

  if (items.isPending || workstations.isPending) return <LoadingState />;
  if (items.isError) return <ErrorAlert error={items.error} onRetry={() => void items.refetch()} />;
  if (workstations.isError) return <ErrorAlert error={workstations.error} onRetry={() => void workstations.refetch()} />;
  const wsChoices = workstations.data.filter((w) => !w.archived || draft.steps.some((s) => s.workstationId === w.id));

  return (
    <Stack maw={1000}>
      <BackLink to="/s/process/routings" label={t('processMaster.routings.back')} />
      <Title order={1}>{title}</Title>
      {readOnly && <ReadOnlyNote />}
      {save.isError && <SaveError error={save.error} fields={FIELDS} onReload={onReload} />}
      {!readOnly && workstations.data.length === 0 && (
        <Text c="orange.9" size="sm" data-testid="routing-no-workstations">
          {t('processMaster.routings.noWorkstations')}
        </Text>
      )}
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <ItemPicker
              items={items.data}
              value={draft.itemId}
              onChange={(id) => set('itemId', id)}
              label={t('processMaster.routings.item')}
              emptyLabel={t('processMaster.chooseItemOption')}
              error={errors.itemId}
              disabled={readOnly}
              required={!readOnly}
              testId="routing-item"
            />
            <TextInput label={t('processMaster.routings.code')} required={!readOnly} readOnly={readOnly} maxLength={40} value={draft.code} error={errors.code} onChange={(e) => set('code', e.currentTarget.value)} data-testid="routing-code" />
            <TextInput label={t('processMaster.routings.name')} required={!readOnly} readOnly={readOnly} maxLength={200} value={draft.name} error={errors.name} onChange={(e) => set('name', e.currentTarget.value)} data-testid="routing-name" />
            <Switch label={t('processMaster.routings.isDefault')} description={t('processMaster.routings.isDefaultHint')} checked={draft.isDefault} disabled={readOnly} onChange={(e) => set('isDefault', e.currentTarget.checked)} mt="md" data-testid="routing-isDefault" />
          </SimpleGrid>
          <Fieldset legend={t('processMaster.routings.steps')}>
            <Text size="sm" mb="xs">
              {t('processMaster.routings.stepsHint')}
            </Text>
            {errors.steps && (
              <Text size="sm" c="red.9" role="alert" mb="xs">
                {errors.steps}
              </Text>
            )}
            <VisuallyHidden aria-live="polite">{announcement}</VisuallyHidden>
            <Stack gap="sm" ref={container}>
              {draft.steps.map((step, index) => {
                const n = index + 1;
                const e = stepErrors[step.key] ?? {};
                return (
                  <Paper key={step.key} withBorder p="sm" component="section" aria-label={t('processMaster.routings.stepN', { n })} data-testid="routing-step">
                    <Group justify="space-between" mb="xs">
                      <Text fw={700}>{t('processMaster.routings.stepN', { n })}</Text>
                      {!readOnly && (
                        <Group gap={4}>
                          <Button variant="default" size="compact-xs" disabled={index === 0} onClick={() => move(index, 'up')} aria-label={t('processMaster.routings.moveUp', { n })} data-step-key={step.key} data-move="up" data-testid="routing-step-up">
                            ↑ {t('processMaster.routings.up')}
                          </Button>
                          <Button
                            variant="default"
                            size="compact-xs"
                            disabled={index === draft.steps.length - 1}
                            onClick={() => move(index, 'down')}
                            aria-label={t('processMaster.routings.moveDown', { n })}
                            data-step-key={step.key}
                            data-move="down"
                            data-testid="routing-step-down"
                          >
                            ↓ {t('processMaster.routings.down')}
                          </Button>
                          <Button variant="subtle" color="red" size="compact-xs" onClick={() => set('steps', draft.steps.filter((s) => s.key !== step.key))} aria-label={t('processMaster.routings.removeStep', { n })} data-testid="routing-step-remove">
                            {t('processMaster.remove')}
                          </Button>
                        </Group>
                      )}
                    </Group>
                    <SimpleGrid cols={{ base: 1, sm: 3 }}>
                      <TextInput label={t('processMaster.routings.stepName')} required={!readOnly} readOnly={readOnly} maxLength={200} value={step.name} error={e.name} onChange={(ev) => setStep(step.key, { name: ev.currentTarget.value })} data-testid="routing-step-name" />
                      <NativeSelect
                        label={t('processMaster.routings.workstation')}
                        required={!readOnly}
                        disabled={readOnly}
                        value={step.workstationId}
                        error={e.workstationId}
                        onChange={(ev) => setStep(step.key, { workstationId: ev.currentTarget.value })}
                        data={[{ value: '', label: t('processMaster.routings.chooseWorkstationOption') }, ...wsChoices.map((w) => ({ value: w.id, label: `${w.code} — ${w.name}` }))]}
                        data-testid="routing-step-workstation"
                      />
                      <NativeSelect
                        label={t('processMaster.routings.timeBasis')}
                        disabled={readOnly}
                        value={step.timeBasis}
                        onChange={(ev) => setStep(step.key, { timeBasis: ev.currentTarget.value === 'per_batch' ? 'per_batch' : 'per_unit' })}
                        data={[
                          { value: 'per_unit', label: t('processMaster.routings.perUnit') },
                          { value: 'per_batch', label: t('processMaster.routings.perBatch') },
                        ]}
                        data-testid="routing-step-timeBasis"
                      />
                      <TextInput
                        label={t('processMaster.routings.standardMinutes')}
                        description={step.timeBasis === 'per_unit' ? t('processMaster.routings.minutesPerUnit') : t('processMaster.routings.minutesPerBatch')}
                        inputMode="decimal"
                        required={!readOnly}
                        readOnly={readOnly}
                        value={step.standardMinutes}
                        error={e.standardMinutes}
                        onChange={(ev) => setStep(step.key, { standardMinutes: ev.currentTarget.value })}
                        data-testid="routing-step-minutes"
                      />
                      <TextInput
                        label={t('processMaster.routings.batchSize')}
                        description={t('processMaster.routings.batchSizeHint')}
                        inputMode="decimal"
                        readOnly={readOnly || step.timeBasis === 'per_unit'}
                        value={step.batchSize}
                        error={e.batchSize}
                        onChange={(ev) => setStep(step.key, { batchSize: ev.currentTarget.value })}
                        data-testid="routing-step-batchSize"
                      />
                    </SimpleGrid>
                    <Fieldset legend={t('processMaster.routings.energyPerUnit')} mt="sm" variant="unstyled">
                      {e.energy && (
                        <Text size="sm" c="red.9" role="alert">
                          {e.energy}
                        </Text>
                      )}
                      <SimpleGrid cols={{ base: 2, sm: 5 }}>
                        {ENERGY_TYPES.map((type) => (
                          <TextInput
                            key={type}
                            size="xs"
                            inputMode="decimal"
                            label={`${t(`processMaster.energy.${type}`)}（${ENERGY_UNITS[type]}）`}
                            readOnly={readOnly}
                            value={step.energy[type]}
                            onChange={(ev) => setStep(step.key, { energy: { ...step.energy, [type]: ev.currentTarget.value } })}
                            data-testid={`routing-step-energy-${type}`}
                          />
                        ))}
                      </SimpleGrid>
                    </Fieldset>
                  </Paper>
                );
              })}
              {draft.steps.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('processMaster.routings.noStepsYet')}
                </Text>
              )}
            </Stack>
            {!readOnly && (
              <Button variant="light" size="xs" mt="sm" onClick={() => set('steps', [...draft.steps, emptyStep()])} data-testid="routing-add-step">
                {t('processMaster.routings.addStep')}
              </Button>
            )}
          </Fieldset>
          {isAdmin && (
            <Group justify="space-between">
              <Group>
                <Button type="submit" loading={save.isPending} data-testid="routing-save">
                  {t('processMaster.save')}
                </Button>
                <Button variant="default" onClick={() => void navigate('/s/process/routings')}>
                  {t('processMaster.cancel')}
                </Button>
              </Group>
              {routing && (
                <Button color="red" variant="outline" onClick={() => setConfirming(true)} data-testid="routing-delete">
                  {t('processMaster.delete')}
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </form>
      {confirming && routing && (
        <ConfirmDialog
          title={t('processMaster.routings.deleteTitle')}
          message={t('processMaster.routings.deleteConfirm', { code: routing.code, name: routing.name })}
          confirmLabel={t('processMaster.delete')}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(routing.id, { onSuccess: () => void navigate('/s/process/routings', { state: { notice: t('processMaster.routings.deleted', { code: routing.code }) } }) })}
          onClose={() => {
            setConfirming(false);
            remove.reset();
          }}
        />
      )}
    </Stack>
  );
}
