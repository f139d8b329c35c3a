import { Alert, Button, Card, Checkbox, EmptyState, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormState } from '../../components/useFormState';
import { SERVICE_IDS, useServices, type ServiceId } from '../../data/services';
import { useLang } from '../../i18n/useLang';
import { CATALOG_SUBSCRIPTIONS, useAddContract, useChangeCatalogPlan, useChangeContractEnd, type CatalogPlan, type CatalogSubscription, type Contract, type TenantDetail } from './api';
import { ContractStateBadge } from './badges';
import { OpsDialog } from './OpsDialog';
import { serviceName } from './serviceNames';
import { formatDay, todayInJapan } from './tenantFilters';

interface SectionProps {
  tenant: TenantDetail;
  canWrite: boolean;
  notify: (message: string) => void;
}

type Dialog = { kind: 'add' } | { kind: 'end' | 'change' | 'plan'; contract: Contract } | null;

/** A catalog contract opens as a free subscriber that does not publish. */
const DEFAULT_CATALOG_PLAN: CatalogPlan = { catalogPublisher: false, catalogSubscription: 'free' };

/** The catalog plan's two controls: 掲載企業 and 購読プラン. */
function CatalogPlanFields({ plan, onChange, errors }: { plan: CatalogPlan; onChange: (plan: CatalogPlan) => void; errors?: { catalogPublisher?: string; catalogSubscription?: string } }) {
  const { t } = useTranslation();
  return (
    <>
      <Checkbox
        label={t('opsTenants.catalogPlan.publisher')}
        description={t('opsTenants.catalogPlan.publisherHint')}
        checked={plan.catalogPublisher}
        onChange={(event) => onChange({ ...plan, catalogPublisher: event.currentTarget.checked })}
        error={errors?.catalogPublisher}
        data-testid="contract-catalog-publisher"
      />
      <NativeSelect
        label={t('opsTenants.catalogPlan.subscription')}
        description={t('opsTenants.catalogPlan.subscriptionHint')}
        value={plan.catalogSubscription}
        onChange={(event) => onChange({ ...plan, catalogSubscription: event.currentTarget.value as CatalogSubscription })}
        data={CATALOG_SUBSCRIPTIONS.map((value) => ({ value, label: t(`opsTenants.catalogPlan.subscriptions.${value}`) }))}
        error={errors?.catalogSubscription}
        data-testid="contract-catalog-subscription"
      />
    </>
  );
}

/** The plan of a catalog contract in one line of the table. */
function planSummary(contract: Contract, t: TFunction): string {
  if (contract.service !== 'catalog' || contract.catalogSubscription === undefined) return '—';
  return t('opsTenants.catalogPlan.summary', {
    publisher: t(contract.catalogPublisher ? 'opsTenants.catalogPlan.yes' : 'opsTenants.catalogPlan.no'),
    subscription: t(`opsTenants.catalogPlan.subscriptions.${contract.catalogSubscription}`),
  });
}

/** Changes whether a catalog contract publishes and how it subscribes; logged with the request. */
function CatalogPlanModal({ tenant, contract, onClose, notify }: { tenant: TenantDetail; contract: Contract; onClose: () => void; notify: (m: string) => void }) {
  const { t } = useTranslation();
  const change = useChangeCatalogPlan(tenant.id);
  const [plan, setPlan] = useState<CatalogPlan>({
    catalogPublisher: contract.catalogPublisher ?? DEFAULT_CATALOG_PLAN.catalogPublisher,
    catalogSubscription: contract.catalogSubscription ?? DEFAULT_CATALOG_PLAN.catalogSubscription,
  });
  const form = useFormState({ requestRef: '' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (form.values.requestRef.trim() === '') {
      form.showErrors({ requestRef: t('validation.required') });
      return;
    }
    change.mutate(
      { contractId: contract.id, ...plan, requestRef: form.values.requestRef.trim() },
      {
        onSuccess: ({ contract: changed }) => {
          notify(t('opsTenants.catalogPlan.done', { tenant: tenant.name, plan: planSummary(changed, t) }));
          onClose();
        },
        onError: form.showServerErrors,
      },
    );
  };

  return (
    <OpsDialog title={t('opsTenants.catalogPlan.changeTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('opsTenants.catalogPlan.intro', { tenant: tenant.name })}</Text>
          {change.isError && <ErrorAlert error={change.error} fieldsShownInline={form.fieldNames} />}
          <CatalogPlanFields plan={plan} onChange={setPlan} />
          <TextInput label={t('opsTenants.fields.requestRef')} description={t('opsTenants.fields.requestRefHint')} required autoComplete="off" data-testid="contract-plan-ref" {...form.field('requestRef')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('opsTenants.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending} data-testid="contract-plan-submit">
              {t('opsTenants.catalogPlan.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </OpsDialog>
  );
}

/** Sets, moves or clears a contract's end date; ending asks for the date and says what follows. */
function ChangeEndModal({ tenant, contract, ending, onClose, notify }: { tenant: TenantDetail; contract: Contract; ending: boolean; onClose: () => void; notify: (m: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const services = useServices();
  const change = useChangeContractEnd(tenant.id);
  const form = useFormState({ endsOn: contract.endsOn ?? (ending ? todayInJapan() : ''), requestRef: '' });
  const name = serviceName(services.data, contract.service, lang);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (form.values.requestRef.trim() === '' || (ending && form.values.endsOn === '')) {
      form.showErrors({
        ...(form.values.requestRef.trim() === '' ? { requestRef: t('validation.required') } : {}),
        ...(ending && form.values.endsOn === '' ? { endsOn: t('validation.required') } : {}),
      });
      return;
    }
    change.mutate(
      { contractId: contract.id, endsOn: form.values.endsOn || null, requestRef: form.values.requestRef.trim() },
      {
        onSuccess: ({ contract: changed, tenantPurgeOn }) => {
          if (!changed.endsOn || !changed.purgeOn) notify(t('opsTenants.contracts.doneOpen', { service: name }));
          else if (tenantPurgeOn) notify(t('opsTenants.contracts.doneAllEnded', { service: name, end: formatDay(changed.endsOn), purge: formatDay(tenantPurgeOn) }));
          else notify(t('opsTenants.contracts.doneEnd', { service: name, end: formatDay(changed.endsOn), purge: formatDay(changed.purgeOn) }));
          onClose();
        },
        onError: form.showServerErrors,
      },
    );
  };

  return (
    <OpsDialog title={ending ? t('opsTenants.contracts.endTitle', { service: name }) : t('opsTenants.contracts.changeTitle', { service: name })} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            {t('opsTenants.contracts.period', { start: formatDay(contract.startsOn), end: contract.endsOn ? formatDay(contract.endsOn) : t('opsTenants.contracts.openEnded') })}
          </Text>
          {ending && (
            <Alert color="orange" variant="light">
              {t('opsTenants.contracts.endWarning', { tenant: tenant.name, service: name })}
            </Alert>
          )}
          {change.isError && <ErrorAlert error={change.error} fieldsShownInline={form.fieldNames} />}
          <TextInput
            type="date"
            label={t('opsTenants.fields.endsOn')}
            description={ending ? t('opsTenants.contracts.endHint') : t('opsTenants.contracts.changeHint')}
            required={ending}
            data-testid="contract-end-date"
            {...form.field('endsOn')}
          />
          <TextInput label={t('opsTenants.fields.requestRef')} description={t('opsTenants.fields.requestRefHint')} required autoComplete="off" data-testid="contract-end-ref" {...form.field('requestRef')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('opsTenants.cancel')}
            </Button>
            <Button type="submit" color={ending ? 'red' : undefined} loading={change.isPending} data-testid="contract-end-submit">
              {ending ? t('opsTenants.contracts.endSubmit', { service: name }) : t('opsTenants.contracts.changeSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </OpsDialog>
  );
}

/** Adds a contract for a service; its period may not overlap another of the same service. */
function AddContractModal({ tenant, onClose, notify }: { tenant: TenantDetail; onClose: () => void; notify: (m: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const services = useServices();
  const add = useAddContract(tenant.id);
  const [service, setService] = useState<ServiceId>('process');
  const [plan, setPlan] = useState<CatalogPlan>(DEFAULT_CATALOG_PLAN);
  const form = useFormState({ startsOn: todayInJapan(), endsOn: '', requestRef: '' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (form.values.startsOn === '' || form.values.requestRef.trim() === '') {
      form.showErrors({
        ...(form.values.startsOn === '' ? { startsOn: t('validation.required') } : {}),
        ...(form.values.requestRef.trim() === '' ? { requestRef: t('validation.required') } : {}),
      });
      return;
    }
    add.mutate(
      {
        service,
        startsOn: form.values.startsOn,
        ...(form.values.endsOn ? { endsOn: form.values.endsOn } : {}),
        ...(service === 'catalog' ? plan : {}),
        requestRef: form.values.requestRef.trim(),
      },
      {
        onSuccess: () => {
          notify(t('opsTenants.contracts.added', { service: serviceName(services.data, service, lang) }));
          onClose();
        },
        onError: form.showServerErrors,
      },
    );
  };

  return (
    <OpsDialog title={t('opsTenants.contracts.addTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('opsTenants.contracts.addIntro')}</Text>
          {add.isError && <ErrorAlert error={add.error} fieldsShownInline={form.fieldNames} />}
          <NativeSelect
            label={t('opsTenants.fields.service')}
            value={service}
            onChange={(event) => setService(event.currentTarget.value as ServiceId)}
            data={SERVICE_IDS.map((id) => ({ value: id, label: serviceName(services.data, id, lang) }))}
            data-testid="contract-add-service"
          />
          {service === 'catalog' && <CatalogPlanFields plan={plan} onChange={setPlan} />}
          <TextInput type="date" label={t('opsTenants.fields.startsOn')} required data-testid="contract-add-start" {...form.field('startsOn')} />
          <TextInput type="date" label={t('opsTenants.fields.endsOn')} description={t('opsTenants.new.endsOnHint')} data-testid="contract-add-end" {...form.field('endsOn')} />
          <TextInput label={t('opsTenants.fields.requestRef')} description={t('opsTenants.fields.requestRefHint')} required autoComplete="off" data-testid="contract-add-ref" {...form.field('requestRef')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('opsTenants.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending} data-testid="contract-add-submit">
              {t('opsTenants.contracts.addSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </OpsDialog>
  );
}

/** The tenant's contracts with their dates and data deletion dates (CLD.8.1.5). */
export function ContractsSection({ tenant, canWrite, notify }: SectionProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const services = useServices();
  const [dialog, setDialog] = useState<Dialog>(null);

  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('opsTenants.contracts.title')}
          </Title>
          {canWrite && (
            <Button size="xs" variant="light" onClick={() => setDialog({ kind: 'add' })} data-testid="contract-add">
              {t('opsTenants.contracts.add')}
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {t('opsTenants.contracts.purgeRule')}
        </Text>
        {tenant.contracts.length === 0 ? (
          <EmptyState title={t('opsTenants.contracts.emptyTitle')} description={t('opsTenants.contracts.emptyBody')} />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" data-testid="contract-table">
              <Table.Caption>{t('opsTenants.contracts.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('opsTenants.fields.service')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.fields.startsOn')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.fields.endsOn')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.contracts.state')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.fields.purgeOn')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.catalogPlan.column')}</Table.Th>
                  {canWrite && <Table.Th scope="col">{t('opsTenants.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tenant.contracts.map((contract) => {
                  const name = serviceName(services.data, contract.service, lang);
                  return (
                    <Table.Tr key={contract.id} data-testid={`contract-row-${contract.service}`}>
                      <Table.Td fw={500}>{name}</Table.Td>
                      <Table.Td>{formatDay(contract.startsOn)}</Table.Td>
                      <Table.Td>{contract.endsOn ? formatDay(contract.endsOn) : t('opsTenants.contracts.openEnded')}</Table.Td>
                      <Table.Td>
                        <ContractStateBadge state={contract.state} />
                      </Table.Td>
                      <Table.Td data-testid="contract-purge-on">{contract.purgeOn ? formatDay(contract.purgeOn) : '—'}</Table.Td>
                      <Table.Td data-testid="contract-catalog-plan">{planSummary(contract, t)}</Table.Td>
                      {canWrite && (
                        <Table.Td>
                          <Group gap={4} role="group" aria-label={t('opsTenants.contracts.actionsFor', { service: name })}>
                            <Button size="compact-sm" variant="light" onClick={() => setDialog({ kind: 'change', contract })} data-testid="contract-change">
                              {t('opsTenants.contracts.change')}
                            </Button>
                            {contract.service === 'catalog' && (
                              <Button size="compact-sm" variant="light" onClick={() => setDialog({ kind: 'plan', contract })} data-testid="contract-plan">
                                {t('opsTenants.catalogPlan.change')}
                              </Button>
                            )}
                            {contract.endsOn === null && (
                              <Button size="compact-sm" variant="light" color="red" onClick={() => setDialog({ kind: 'end', contract })} data-testid="contract-end">
                                {t('opsTenants.contracts.end')}
                              </Button>
                            )}
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {dialog?.kind === 'add' && <AddContractModal tenant={tenant} onClose={() => setDialog(null)} notify={notify} />}
      {(dialog?.kind === 'end' || dialog?.kind === 'change') && (
        <ChangeEndModal tenant={tenant} contract={dialog.contract} ending={dialog.kind === 'end'} onClose={() => setDialog(null)} notify={notify} />
      )}
      {dialog?.kind === 'plan' && <CatalogPlanModal tenant={tenant} contract={dialog.contract} onClose={() => setDialog(null)} notify={notify} />}
    </Card>
  );
}
