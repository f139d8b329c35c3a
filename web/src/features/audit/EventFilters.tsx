import { Button, Group, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EMPTY_FILTER, type EventFilter } from './filters';
import { useFilterDraft } from '../../components/useFilterDraft';

interface EventFiltersProps {
  value: EventFilter;
  onChange: (next: EventFilter) => void;
}

/** Who, what, when and result: applied together, so one URL describes the view. */
export function EventFilters({ value, onChange }: EventFiltersProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useFilterDraft(value);
  const set = (key: keyof EventFilter) => (event: { currentTarget: { value: string } }) => {
    const next = event.currentTarget.value;
    setDraft((current) => ({ ...current, [key]: next }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...draft, page: 1 });
  };

  return (
    <form onSubmit={submit} aria-label={t('audit.filters.label')} data-testid="audit-filters">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        <TextInput label={t('audit.filters.actor')} description={t('audit.filters.actorHint')} value={draft.actor} onChange={set('actor')} data-testid="filter-actor" />
        <NativeSelect
          label={t('audit.filters.actorType')}
          value={draft.actorType}
          onChange={set('actorType')}
          data={[
            { value: '', label: t('audit.filters.any') },
            { value: 'user', label: t('audit.actorType.user') },
            { value: 'staff', label: t('audit.actorType.staff') },
            { value: 'system', label: t('audit.actorType.system') },
            { value: 'anonymous', label: t('audit.actorType.anonymous') },
          ]}
          data-testid="filter-actor-type"
        />
        <TextInput label={t('audit.filters.action')} description={t('audit.filters.actionHint')} value={draft.action} onChange={set('action')} data-testid="filter-action" />
        <NativeSelect
          label={t('audit.filters.result')}
          value={draft.result}
          onChange={set('result')}
          data={[
            { value: '', label: t('audit.filters.any') },
            { value: 'success', label: t('audit.result.success') },
            { value: 'failure', label: t('audit.result.failure') },
            { value: 'denied', label: t('audit.result.denied') },
          ]}
          data-testid="filter-result"
        />
        <TextInput type="date" label={t('audit.filters.from')} value={draft.fromDay} onChange={set('fromDay')} data-testid="filter-from" />
        <TextInput type="date" label={t('audit.filters.to')} value={draft.toDay} onChange={set('toDay')} data-testid="filter-to" />
      </SimpleGrid>
      <Group mt="sm">
        <Button type="submit" data-testid="filter-apply">
          {t('audit.filters.apply')}
        </Button>
        <Button variant="default" onClick={() => onChange(EMPTY_FILTER)} data-testid="filter-clear">
          {t('audit.filters.clear')}
        </Button>
      </Group>
    </form>
  );
}
