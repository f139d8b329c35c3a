import { Badge, Button, Checkbox, CloseButton, Grid, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useFilterDraft } from '../../../components/useFilterDraft';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { CasLookup } from './CasLookup';
import { HitTable } from './HitTable';
import { DOCUMENT_KINDS, REGULATORY_FLAGS, useCategories, usePropertyKeys, useSearch, type Facet, type Plan } from '../api';
import { COMPARE_MAX, FACETS, SEARCH_PAGE_SIZE, SORTS, compareIdsFrom, isBound, isFiltered, searchRequestOf, searchViewFrom, searchViewParams, type FacetName, type PropRange, type SearchView } from './searchFilter';
import { ListPager } from '../../../components/ListPager';
import { DiscoverHeader, WithPlan } from './shared';

/** 製品検索: every published product, narrowed by words, facets and (paid plan) property ranges. */
export function SearchPage() {
  const { t } = useTranslation();
  usePageTitle(t('catalogDiscover.search.title'));
  return (
    <Stack>
      <DiscoverHeader title={t('catalogDiscover.search.title')} intro={t('catalogDiscover.search.intro')} />
      <WithPlan>{(plan) => <SearchScreen plan={plan} />}</WithPlan>
    </Stack>
  );
}

function SearchScreen({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const filter = searchViewFrom(search);
  const compareIds = compareIdsFrom(search, 'cmp');
  const casNumber = search.get('cas') ?? '';
  const [draft, setDraft] = useFilterDraft({ q: filter.q });
  const result = useSearch(searchRequestOf(filter));

  /** Keeps the comparison choice and the CAS lookup while the search changes. */
  const show = (next: SearchView, extra: { cmp?: string[]; cas?: string } = {}) => {
    const params = searchViewParams(next);
    const cmp = extra.cmp ?? compareIds;
    if (cmp.length > 0) params.set('cmp', cmp.join(','));
    const cas = extra.cas ?? casNumber;
    if (cas !== '') params.set('cas', cas);
    setSearch(params);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    show({ ...filter, q: draft.q, page: 1 });
  };
  const toggleFacet = (facet: FacetName, value: string, on: boolean) => {
    const values = on ? [...filter[facet], value] : filter[facet].filter((v) => v !== value);
    show({ ...filter, [facet]: values, page: 1 });
  };
  const toggleCompare = (id: string, on: boolean) => show(filter, { cmp: on ? [...compareIds, id].slice(0, COMPARE_MAX) : compareIds.filter((c) => c !== id) });

  return (
    <Stack>
      <form onSubmit={submit} role="search" aria-label={t('catalogDiscover.search.formLabel')}>
        <Group align="flex-end">
          <TextInput
            label={t('catalogDiscover.search.q')}
            placeholder={t('catalogDiscover.search.qPlaceholder')}
            value={draft.q}
            onChange={(e) => setDraft({ q: e.currentTarget.value })}
            w={360}
            data-testid="search-q"
          />
          <Button type="submit" data-testid="search-submit">
            {t('catalogDiscover.search.submit')}
          </Button>
          <NativeSelect
            label={t('catalogDiscover.search.sort')}
            value={filter.sort}
            onChange={(e) => show({ ...filter, sort: SORTS.find((s) => s === e.currentTarget.value) ?? 'relevance', page: 1 })}
            data={SORTS.map((s) => ({ value: s, label: t(`catalogDiscover.search.sorts.${s}`) }))}
            data-testid="search-sort"
          />
          {isFiltered(filter) && (
            <Button variant="subtle" onClick={() => show({ ...searchViewFrom(new URLSearchParams()), sort: filter.sort })} data-testid="search-clear">
              {t('catalogDiscover.search.clear')}
            </Button>
          )}
        </Group>
      </form>
      <CasLookup casNumber={casNumber} onLookup={(cas) => show(filter, { cas })} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Stack component="section" aria-label={t('catalogDiscover.search.facetsLabel')} gap="md">
            {result.data &&
              FACETS.map((facet) => (
                <FacetPanel key={facet} facet={facet} facets={result.data.facets[facet]} selected={filter[facet]} onToggle={(value, on) => toggleFacet(facet, value, on)} />
              ))}
            {plan.subscription === 'paid' ? (
              <PropertyFilter ranges={filter.prop} onChange={(prop) => show({ ...filter, prop, page: 1 })} />
            ) : (
              <Text size="sm" c="dimmed" data-testid="search-prop-paid-note">
                {t('catalogDiscover.search.propPaidOnly')}
              </Text>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {result.isPending ? (
            <LoadingState />
          ) : result.isError ? (
            <ErrorAlert error={result.error} onRetry={() => void result.refetch()} />
          ) : result.data.total === 0 ? (
            <Paper withBorder p="md" data-testid="search-empty">
              <Text fw={700}>{isFiltered(filter) ? t('catalogDiscover.search.noMatches') : t('catalogDiscover.search.nothingPublished')}</Text>
              {isFiltered(filter) && <Text size="sm">{t('catalogDiscover.search.noMatchesHint')}</Text>}
            </Paper>
          ) : (
            <Stack>
              <Text size="sm" aria-live="polite" data-testid="search-total">
                {t('catalogDiscover.search.total', { count: result.data.total })}
              </Text>
              <HitTable hits={result.data.items} compareIds={compareIds} onCompare={toggleCompare} />
              <ListPager testId="discover-pager" total={result.data.total} page={filter.page} pageSize={SEARCH_PAGE_SIZE} onChange={(page) => show({ ...filter, page })} />
            </Stack>
          )}
        </Grid.Col>
      </Grid>
      <CompareTray ids={compareIds} onClear={() => show(filter, { cmp: [] })} />
    </Stack>
  );
}

/** The server's label, or the value itself when it has none (e.g. a publisher without a profile name). */
function fallback(facet: Facet): string {
  return facet.label !== undefined && facet.label !== '' ? facet.label : facet.value;
}

function FacetPanel({ facet, facets, selected, onToggle }: { facet: FacetName; facets: Facet[]; selected: string[]; onToggle: (value: string, on: boolean) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const categories = useCategories();
  // A chosen value stays visible even when the other filters leave it no hits, so it can be unchecked.
  const shown: Facet[] = [...facets, ...selected.filter((value) => !facets.some((f) => f.value === value)).map((value) => ({ value, count: 0 }))];
  const label = (f: Facet) => {
    const flag = REGULATORY_FLAGS.find((v) => v === f.value);
    if (facet === 'flag' && flag) return t(`catalog.enum.flag.${flag}`);
    const kind = DOCUMENT_KINDS.find((v) => v === f.value);
    if (facet === 'docKind' && kind) return t(`catalog.enum.docKind.${kind}`);
    if (facet === 'category') {
      const category = categories.data?.find((c) => c.code === f.value);
      return category ? `${f.value} ${category.name[lang]}` : fallback(f);
    }
    return fallback(f);
  };
  return (
    <Checkbox.Group label={t(`catalogDiscover.facets.${facet}`)} value={selected} data-testid={`facet-${facet}`}>
      <Stack gap={6} mt={6}>
        {shown.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('catalogDiscover.none')}
          </Text>
        )}
        {shown.map((f) => (
          <Checkbox
            key={f.value}
            value={f.value}
            label={t(f.atLeast ? 'catalogDiscover.facets.optionAtLeast' : 'catalogDiscover.facets.option', { label: label(f), count: f.count })}
            onChange={(e) => onToggle(f.value, e.currentTarget.checked)}
            data-testid={`facet-${facet}-${f.value}`}
          />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

/** Ranges of measured properties (paid plan), such as density between 0.9 and 1.2. */
function PropertyFilter({ ranges, onChange }: { ranges: PropRange[]; onChange: (ranges: PropRange[]) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const keys = usePropertyKeys();
  const [draft, setDraft] = useState<PropRange>({ key: '', min: '', max: '' });
  const nameOf = (key: string) => {
    const found = keys.data?.find((k) => k.key === key);
    return found ? `${found.name[lang]}${found.unit !== '' ? ` (${found.unit})` : ''}` : key;
  };
  // Full-width digits typed with a Japanese input method are read as the numbers they show.
  const typed: PropRange = { key: draft.key, min: draft.min.normalize('NFKC').trim(), max: draft.max.normalize('NFKC').trim() };
  const valid = typed.key !== '' && (typed.min !== '' || typed.max !== '') && isBound(typed.min) && isBound(typed.max) && (typed.min === '' || typed.max === '' || Number(typed.min) <= Number(typed.max));
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!valid) return;
    onChange([...ranges.filter((r) => r.key !== typed.key), typed]);
    setDraft({ key: '', min: '', max: '' });
  };
  return (
    <Stack gap={6} data-testid="search-prop-filter">
      <Text size="sm" fw={500}>
        {t('catalogDiscover.search.propTitle')}
      </Text>
      {ranges.map((range) => (
        <Group key={range.key} gap={4} wrap="nowrap">
          <Badge variant="light" tt="none" data-testid={`prop-range-${range.key}`}>
            {nameOf(range.key)}: {range.min}–{range.max}
          </Badge>
          <CloseButton size="sm" aria-label={t('catalogDiscover.search.propRemove', { name: nameOf(range.key) })} onClick={() => onChange(ranges.filter((r) => r.key !== range.key))} />
        </Group>
      ))}
      {keys.isError ? (
        <ErrorAlert error={keys.error} />
      ) : (
        <form onSubmit={add} aria-label={t('catalogDiscover.search.propTitle')}>
          <Stack gap={6}>
            <NativeSelect
              label={t('catalogDiscover.search.propKey')}
              value={draft.key}
              onChange={(e) => setDraft({ ...draft, key: e.currentTarget.value })}
              data={[{ value: '', label: t('catalogDiscover.search.propChoose') }, ...(keys.data ?? []).map((k) => ({ value: k.key, label: `${k.name[lang]}${k.unit !== '' ? ` (${k.unit})` : ''}` }))]}
              data-testid="prop-key"
            />
            <Group gap={6} grow>
              <TextInput label={t('catalogDiscover.search.propMin')} inputMode="decimal" value={draft.min} onChange={(e) => setDraft({ ...draft, min: e.currentTarget.value })} data-testid="prop-min" />
              <TextInput label={t('catalogDiscover.search.propMax')} inputMode="decimal" value={draft.max} onChange={(e) => setDraft({ ...draft, max: e.currentTarget.value })} data-testid="prop-max" />
            </Group>
            <Button type="submit" variant="light" size="xs" disabled={!valid} data-testid="prop-apply">
              {t('catalogDiscover.search.propApply')}
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

/** The products chosen for comparison, with the way to compare them. */
function CompareTray({ ids, onClear }: { ids: string[]; onClear: () => void }) {
  const { t } = useTranslation();
  if (ids.length === 0) return null;
  return (
    <Paper withBorder p="sm" shadow="sm" pos="sticky" bottom={0} bg="white" style={{ zIndex: 2 }} component="section" aria-label={t('catalogDiscover.compare.tray')} data-testid="compare-tray">
      <Group justify="space-between">
        <Title order={2} size="h5">
          {t('catalogDiscover.compare.chosen', { count: ids.length, max: COMPARE_MAX })}
        </Title>
        <Group gap="xs">
          <Button variant="subtle" onClick={onClear} data-testid="compare-clear">
            {t('catalogDiscover.compare.clear')}
          </Button>
          {ids.length >= 2 ? (
            <Button component={Link} to={`/s/catalog/compare?ids=${ids.join(',')}`} data-testid="compare-open">
              {t('catalogDiscover.compare.open')}
            </Button>
          ) : (
            <Text size="sm">{t('catalogDiscover.compare.chooseMore')}</Text>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
