import { Alert, Anchor, Badge, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import type { Lang } from '../../../i18n';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { isEnergyType, pactUrl, parseMissingFactor, useItems, useOrderCfp, useOrders, useProductCfp, type Footprint, type OrderCfp } from './api';
import { StepBarChart, TrendChart, type StepBar } from './charts';
import { formatKg, formatNumber, useEnergyText } from './shared';

/** CFP: pick a production order or a product to see its footprint. */
export function CfpIndexPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('processRecords.cfp.title'));
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const orders = useOrders(q);
  const products = useItems('product');

  return (
    <Stack data-testid="cfp-index">
      <Title order={1}>{t('processRecords.cfp.title')}</Title>
      <Text size="sm">{t('processRecords.cfp.intro')}</Text>
      <Stack gap="xs" component="section" aria-labelledby="cfp-products-heading">
        <Title order={2} size="h3" id="cfp-products-heading">
          {t('processRecords.cfp.products')}
        </Title>
        {products.isPending ? (
          <LoadingState />
        ) : products.isError ? (
          <ErrorAlert error={products.error} onRetry={() => void products.refetch()} />
        ) : products.data.length === 0 ? (
          <Text c="dimmed">{t('processRecords.cfp.noProducts')}</Text>
        ) : (
          <Group gap="xs">
            {products.data.map((item) => (
              <Button key={item.id} component={Link} to={`/s/process/cfp/products/${item.id}`} variant="light" data-testid={`cfp-product-${item.code}`}>
                {item.code} {item.name}
              </Button>
            ))}
          </Group>
        )}
      </Stack>
      <Stack gap="xs" component="section" aria-labelledby="cfp-orders-heading">
        <Title order={2} size="h3" id="cfp-orders-heading">
          {t('processRecords.cfp.orders')}
        </Title>
        <form
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setQ(draft.trim());
          }}
        >
          <Group align="flex-end">
            <TextInput label={t('processRecords.cfp.orderSearch')} value={draft} onChange={(e) => setDraft(e.currentTarget.value)} style={{ flex: 1, maxWidth: 420 }} data-testid="cfp-order-search" />
            <Button type="submit" variant="light">
              {t('processRecords.lots.searchSubmit')}
            </Button>
          </Group>
        </form>
        {orders.isPending ? (
          <LoadingState />
        ) : orders.isError ? (
          <ErrorAlert error={orders.error} onRetry={() => void orders.refetch()} />
        ) : orders.data.orders.length === 0 ? (
          <Text c="dimmed">{t('processRecords.cfp.noOrders')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped data-testid="cfp-orders-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('processRecords.cfp.orderNo')}</Table.Th>
                  <Table.Th scope="col">{t('processRecords.lots.item')}</Table.Th>
                  <Table.Th scope="col">{t('processRecords.cfp.quantity')}</Table.Th>
                  <Table.Th scope="col">{t('processRecords.cfp.due')}</Table.Th>
                  <Table.Th scope="col">{t('processRecords.cfp.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {orders.data.orders.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/s/process/cfp/orders/${o.id}`} fw={700} data-testid={`cfp-order-${o.orderNo}`}>
                        {o.orderNo}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {o.itemCode} {o.itemName}
                    </Table.Td>
                    <Table.Td>
                      {formatNumber(o.quantity, lang)} {o.unit}
                    </Table.Td>
                    <Table.Td>{formatDateTime(o.dueAt, lang)}</Table.Td>
                    <Table.Td>{t(`processRecords.orderStatus.${o.status as 'draft'}`, { defaultValue: o.status })}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Stack>
  );
}

/** Names the emission factors a footprint lacks, with a link to add them. */
function MissingFactors({ missing }: { missing: string[] }) {
  const { t } = useTranslation();
  if (missing.length === 0) return null;
  return (
    <Alert color="yellow" title={t('processRecords.cfp.missingTitle')} data-testid="cfp-missing">
      <Text size="sm">{t('processRecords.cfp.missingIntro')}</Text>
      <List size="sm" mt="xs">
        {missing.map((text) => {
          const { kind, subject } = parseMissingFactor(text);
          const label =
            kind === 'energy'
              ? t('processRecords.cfp.missingEnergy', { name: isEnergyType(subject) ? t(`processRecords.energy.${subject}`) : subject })
              : kind === 'material'
                ? t('processRecords.cfp.missingMaterial', { code: subject })
                : subject;
          return <List.Item key={text}>{label}</List.Item>;
        })}
      </List>
      <Anchor component={Link} to="/s/process/factors" size="sm">
        {t('processRecords.cfp.missingLink')}
      </Anchor>
    </Alert>
  );
}

function TotalsCard({ label, footprint, unit, lang, testId }: { label: string; footprint: Footprint | null; unit: string; lang: Lang; testId: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder data-testid={testId}>
      <Text fw={700}>{label}</Text>
      {footprint === null ? (
        <Text c="dimmed" size="sm" mt="xs">
          {t('processRecords.cfp.noActual')}
        </Text>
      ) : (
        <Stack gap={2} mt="xs">
          <Text size="xl" fw={700} data-testid={`${testId}-total`}>
            {formatKg(footprint.totalKg, lang)}
          </Text>
          <Text size="sm">{t('processRecords.cfp.perUnit', { value: formatKg(footprint.perUnitKg, lang), unit })}</Text>
          <Text size="sm">{t('processRecords.cfp.materialsPart', { value: formatKg(footprint.materialsKg, lang) })}</Text>
          <Text size="sm">{t('processRecords.cfp.energyPart', { value: formatKg(footprint.energyKg, lang) })}</Text>
        </Stack>
      )}
    </Card>
  );
}

function stepBars(cfp: OrderCfp): StepBar[] {
  const seqs = new Set([...cfp.planned.steps.map((s) => s.seq), ...(cfp.actual?.steps.map((s) => s.seq) ?? [])]);
  return [...seqs]
    .sort((a, b) => a - b)
    .map((seq) => {
      const planned = cfp.planned.steps.find((s) => s.seq === seq);
      const actual = cfp.actual?.steps.find((s) => s.seq === seq);
      const name = planned?.name ?? actual?.name ?? String(seq);
      return { key: String(seq), label: `${seq}. ${name}`, planned: planned?.kg ?? 0, actual: cfp.actual ? (actual?.kg ?? 0) : null };
    });
}

/** The step that emits most (on actual figures when there are any), or -1 when all are zero. */
function hotSpot(bars: StepBar[]): number {
  let best = -1;
  let bestKg = 0;
  bars.forEach((bar, i) => {
    const kg = bar.actual ?? bar.planned;
    if (kg > bestKg) {
      best = i;
      bestKg = kg;
    }
  });
  return best;
}

/**
 * The footprint of one production order: planned (from the routing and BOM) against actual
 * (from work records), a per-step chart with the hot spot, the same in a table, and the
 * materials. Missing factors are named so the admin can add them.
 */
export function CfpOrderPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { orderId = '' } = useParams();
  const cfp = useOrderCfp(orderId);
  const energyText = useEnergyText();
  usePageTitle(t('processRecords.cfp.orderTitle', { orderNo: cfp.data?.orderNo ?? '' }));
  const kg = (value: number) => formatKg(value, lang);

  if (cfp.isPending) return <LoadingState />;
  if (cfp.isError) return <ErrorAlert error={cfp.error} onRetry={() => void cfp.refetch()} />;
  const data = cfp.data;
  const bars = stepBars(data);
  const hot = hotSpot(bars);
  const basisTotal = bars.reduce((sum, b) => sum + (b.actual ?? b.planned), 0);
  const materials = data.actual?.materials ?? data.planned.materials;

  return (
    <Stack data-testid="cfp-order-page">
      <Anchor component={Link} to="/s/process/cfp" size="sm">
        {t('processRecords.cfp.back')}
      </Anchor>
      <Title order={1}>{t('processRecords.cfp.orderTitle', { orderNo: data.orderNo })}</Title>
      <Group gap="sm">
        <Text>
          {data.item.code} {data.item.name} · {formatNumber(data.quantity, lang)} {data.unit}
        </Text>
        <Anchor component={Link} to={`/s/process/cfp/products/${data.item.id}`} size="sm">
          {t('processRecords.cfp.productLink')}
        </Anchor>
      </Group>
      <MissingFactors missing={data.missingFactors} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TotalsCard label={t('processRecords.cfp.planned')} footprint={data.planned} unit={data.unit} lang={lang} testId="cfp-planned" />
        <TotalsCard label={t('processRecords.cfp.actual')} footprint={data.actual} unit={data.unit} lang={lang} testId="cfp-actual" />
      </SimpleGrid>
      <Stack gap="xs" component="section" aria-labelledby="cfp-steps-heading">
        <Title order={2} size="h3" id="cfp-steps-heading">
          {t('processRecords.cfp.steps')}
        </Title>
        {bars.length === 0 ? (
          <Text c="dimmed">{t('processRecords.cfp.noSteps')}</Text>
        ) : (
          <>
            <StepBarChart
              bars={bars}
              hotIndex={hot}
              title={t('processRecords.cfp.chartTitle', { orderNo: data.orderNo })}
              plannedLabel={t('processRecords.cfp.planned')}
              actualLabel={t('processRecords.cfp.actual')}
              hotLabel={t('processRecords.cfp.hotSpot')}
              format={kg}
            />
            {hot >= 0 && (
              <Text size="sm" data-testid="cfp-hot-spot">
                {t('processRecords.cfp.hotSpotLine', { name: bars[hot]?.label ?? '', share: basisTotal > 0 ? Math.round(((bars[hot]?.actual ?? bars[hot]?.planned ?? 0) / basisTotal) * 100) : 0 })}
              </Text>
            )}
            <Table.ScrollContainer minWidth={760}>
              <Table striped captionSide="top" data-testid="cfp-steps-table">
                <Table.Caption>{t('processRecords.cfp.stepsCaption')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('processRecords.cfp.step')}</Table.Th>
                    <Table.Th scope="col">{t('processRecords.cfp.workstation')}</Table.Th>
                    <Table.Th scope="col">{t('processRecords.cfp.plannedEnergy')}</Table.Th>
                    <Table.Th scope="col" style={{ textAlign: 'right' }}>
                      {t('processRecords.cfp.plannedKg')}
                    </Table.Th>
                    <Table.Th scope="col">{t('processRecords.cfp.actualEnergy')}</Table.Th>
                    <Table.Th scope="col" style={{ textAlign: 'right' }}>
                      {t('processRecords.cfp.actualKg')}
                    </Table.Th>
                    <Table.Th scope="col" style={{ textAlign: 'right' }}>
                      {t('processRecords.cfp.share')}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {bars.map((bar, i) => {
                    const seq = Number(bar.key);
                    const planned = data.planned.steps.find((s) => s.seq === seq);
                    const actual = data.actual?.steps.find((s) => s.seq === seq);
                    const basis = bar.actual ?? bar.planned;
                    return (
                      <Table.Tr key={bar.key} data-testid="cfp-step-row" fw={i === hot ? 700 : undefined}>
                        <Table.Th scope="row" fw={i === hot ? 700 : 400}>
                          {bar.label}
                          {i === hot && (
                            <Badge ml="xs" color="red.9" variant="outline" size="sm">
                              {t('processRecords.cfp.hotSpot')}
                            </Badge>
                          )}
                        </Table.Th>
                        <Table.Td>{planned?.workstationName ?? actual?.workstationName ?? ''}</Table.Td>
                        <Table.Td>{planned ? energyText(planned.energy, lang) : '—'}</Table.Td>
                        <Table.Td style={{ textAlign: 'right' }}>{kg(bar.planned)}</Table.Td>
                        <Table.Td>{actual ? energyText(actual.energy, lang) : '—'}</Table.Td>
                        <Table.Td style={{ textAlign: 'right' }}>{bar.actual === null ? '—' : kg(bar.actual)}</Table.Td>
                        <Table.Td style={{ textAlign: 'right' }}>{basisTotal > 0 ? `${formatNumber((basis / basisTotal) * 100, lang, 1)}%` : '—'}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </Stack>
      <Stack gap="xs" component="section" aria-labelledby="cfp-materials-heading">
        <Title order={2} size="h3" id="cfp-materials-heading">
          {t(data.actual ? 'processRecords.cfp.materialsActual' : 'processRecords.cfp.materialsPlanned')}
        </Title>
        {materials.length === 0 ? (
          <Text c="dimmed">{t('processRecords.cfp.noMaterials')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped data-testid="cfp-materials-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('processRecords.lots.item')}</Table.Th>
                  <Table.Th scope="col" style={{ textAlign: 'right' }}>
                    {t('processRecords.cfp.quantity')}
                  </Table.Th>
                  <Table.Th scope="col" style={{ textAlign: 'right' }}>
                    {t('processRecords.cfp.factor')}
                  </Table.Th>
                  <Table.Th scope="col" style={{ textAlign: 'right' }}>
                    {t('processRecords.cfp.kg')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {materials.map((m) => (
                  <Table.Tr key={m.itemId}>
                    <Table.Td>
                      {m.itemCode} {m.itemName}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>
                      {formatNumber(m.quantity, lang)} {m.unit}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{m.factor === null ? t('processRecords.cfp.noFactor') : t('processRecords.factors.perUnit', { value: formatNumber(m.factor, lang, 6), unit: m.unit })}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{m.kg === null ? '—' : kg(m.kg)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Stack>
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The footprint of a product per declared unit: over the completed orders in the period, the
 * trend by month (chart and table), the orders behind it, and the PACT v3 download.
 */
export function CfpProductPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { itemId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const range = { ...(DAY.test(from) ? { from } : {}), ...(DAY.test(to) ? { to } : {}) };
  const [fromDraft, setFromDraft] = useState(from);
  const [toDraft, setToDraft] = useState(to);
  const cfp = useProductCfp(itemId, range);
  usePageTitle(t('processRecords.cfp.productTitle', { name: cfp.data?.item.name ?? '' }));
  const kg = (value: number) => formatKg(value, lang);

  return (
    <Stack data-testid="cfp-product-page">
      <Anchor component={Link} to="/s/process/cfp" size="sm">
        {t('processRecords.cfp.back')}
      </Anchor>
      <Title order={1}>{t('processRecords.cfp.productTitle', { name: cfp.data ? `${cfp.data.item.code} ${cfp.data.item.name}` : '' })}</Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const next = new URLSearchParams();
          if (DAY.test(fromDraft)) next.set('from', fromDraft);
          if (DAY.test(toDraft)) next.set('to', toDraft);
          setSearch(next);
        }}
      >
        <Group align="flex-end">
          <TextInput type="date" label={t('processRecords.cfp.from')} value={fromDraft} onChange={(e) => setFromDraft(e.currentTarget.value)} data-testid="cfp-from" />
          <TextInput type="date" label={t('processRecords.cfp.to')} value={toDraft} onChange={(e) => setToDraft(e.currentTarget.value)} data-testid="cfp-to" />
          <Button type="submit" variant="light">
            {t('processRecords.cfp.apply')}
          </Button>
          <Button component="a" href={pactUrl(itemId, range)} download variant="filled" data-testid="cfp-pact">
            {t('processRecords.cfp.pact')}
          </Button>
        </Group>
      </form>
      {cfp.isPending ? (
        <LoadingState />
      ) : cfp.isError ? (
        <ErrorAlert error={cfp.error} onRetry={() => void cfp.refetch()} />
      ) : (
        <>
          <Text size="sm" data-testid="cfp-period">
            {t('processRecords.cfp.period', { from: cfp.data.from, to: cfp.data.to })}
          </Text>
          <MissingFactors missing={cfp.data.missingFactors} />
          <Card withBorder data-testid="cfp-product-summary">
            <Text fw={700}>{t('processRecords.cfp.declared', { unit: cfp.data.declaredUnit })}</Text>
            <Text size="xl" fw={700} data-testid="cfp-product-per-unit">
              {cfp.data.perUnitKg === null ? t('processRecords.cfp.noCompleted') : kg(cfp.data.perUnitKg)}
            </Text>
            <Text size="sm">{t('processRecords.cfp.basedOn', { count: cfp.data.orders.length })}</Text>
          </Card>
          <Stack gap="xs" component="section" aria-labelledby="cfp-trend-heading">
            <Title order={2} size="h3" id="cfp-trend-heading">
              {t('processRecords.cfp.trend')}
            </Title>
            {cfp.data.trend.length === 0 ? (
              <Text c="dimmed">{t('processRecords.cfp.noTrend')}</Text>
            ) : (
              <>
                <TrendChart points={cfp.data.trend.map((p) => ({ label: p.month, value: p.perUnitKg }))} title={t('processRecords.cfp.trendTitle', { unit: cfp.data.declaredUnit })} format={kg} />
                <Table striped data-testid="cfp-trend-table" maw={480}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('processRecords.cfp.month')}</Table.Th>
                      <Table.Th scope="col" style={{ textAlign: 'right' }}>
                        {t('processRecords.cfp.perUnitColumn', { unit: cfp.data.declaredUnit })}
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {cfp.data.trend.map((p) => (
                      <Table.Tr key={p.month}>
                        <Table.Th scope="row" fw={400}>
                          {p.month}
                        </Table.Th>
                        <Table.Td style={{ textAlign: 'right' }}>{kg(p.perUnitKg)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </Stack>
          <Stack gap="xs" component="section" aria-labelledby="cfp-product-orders-heading">
            <Title order={2} size="h3" id="cfp-product-orders-heading">
              {t('processRecords.cfp.completedOrders')}
            </Title>
            {cfp.data.orders.length === 0 ? (
              <Text c="dimmed">{t('processRecords.cfp.noCompleted')}</Text>
            ) : (
              <Table striped data-testid="cfp-product-orders" maw={640}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('processRecords.cfp.orderNo')}</Table.Th>
                    <Table.Th scope="col">{t('processRecords.cfp.completed')}</Table.Th>
                    <Table.Th scope="col" style={{ textAlign: 'right' }}>
                      {t('processRecords.cfp.perUnitColumn', { unit: cfp.data.declaredUnit })}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {cfp.data.orders.map((o) => (
                    <Table.Tr key={o.orderId}>
                      <Table.Td>
                        <Anchor component={Link} to={`/s/process/cfp/orders/${o.orderId}`}>
                          {o.orderNo}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatDateTime(o.completedAt, lang)}</Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{kg(o.perUnitKg)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </>
      )}
    </Stack>
  );
}
