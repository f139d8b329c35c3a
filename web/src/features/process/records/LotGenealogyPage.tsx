import { Anchor, Box, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useGenealogy, type GenealogyDirection, type GenealogyNode } from './api';
import { LotOriginBadge } from './LotsPage';
import { formatNumber } from './shared';

const INDENT_PX = 28;

/**
 * One lot's genealogy, either way: backward (which lots it was made from, down to the
 * purchased materials) or forward (which lots were made from it). The tree is an indented
 * list; each level says its depth and the order (work record) that linked it.
 */
export function LotGenealogyPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { lotId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const direction: GenealogyDirection = search.get('direction') === 'forward' ? 'forward' : 'backward';
  const genealogy = useGenealogy(lotId, direction);
  usePageTitle(t('processRecords.genealogy.title', { lotNo: genealogy.data?.lot.lotNo ?? '' }));

  // The API lists the lots level by level (depth 1 first); the root itself is shown above.
  const nodes: GenealogyNode[] = genealogy.data?.nodes.filter((n) => n.depth > 0) ?? [];

  return (
    <Stack data-testid="genealogy-page">
      <Anchor component={Link} to="/s/process/lots" size="sm">
        {t('processRecords.genealogy.back')}
      </Anchor>
      <Title order={1}>{t('processRecords.genealogy.title', { lotNo: genealogy.data?.lot.lotNo ?? '' })}</Title>
      <Stack gap={4}>
        <Text size="sm" fw={700} id="genealogy-direction-label">
          {t('processRecords.genealogy.direction')}
        </Text>
        <SegmentedControl
          aria-labelledby="genealogy-direction-label"
          value={direction}
          onChange={(value) => setSearch(value === 'forward' ? { direction: 'forward' } : {})}
          data={[
            { value: 'backward', label: t('processRecords.genealogy.backward') },
            { value: 'forward', label: t('processRecords.genealogy.forward') },
          ]}
          w="fit-content"
          data-testid="genealogy-direction"
        />
        <Text size="sm" c="dimmed">
          {t(`processRecords.genealogy.${direction}Hint`)}
        </Text>
      </Stack>
      {genealogy.isPending ? (
        <LoadingState />
      ) : genealogy.isError ? (
        <ErrorAlert error={genealogy.error} onRetry={() => void genealogy.refetch()} />
      ) : (
        <Paper withBorder p="md">
          <Group gap="sm" mb="sm">
            <Text fw={700} size="lg" data-testid="genealogy-root">
              {genealogy.data.lot.lotNo}
            </Text>
            <Text>
              {genealogy.data.lot.itemCode} {genealogy.data.lot.itemName} · {formatNumber(genealogy.data.lot.quantity, lang)} {genealogy.data.lot.unit ?? ''}
            </Text>
            <LotOriginBadge origin={genealogy.data.lot.origin} />
          </Group>
          {nodes.length === 0 ? (
            <Text c="dimmed" data-testid="genealogy-empty">
              {t(`processRecords.genealogy.${direction}Empty`)}
            </Text>
          ) : (
            <Box component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t(`processRecords.genealogy.${direction}`)} data-testid="genealogy-tree">
              {nodes.map((node, index) => (
                <Box
                  component="li"
                  key={`${node.lot.id}-${index}`}
                  style={{ paddingInlineStart: node.depth * INDENT_PX, borderInlineStart: '2px solid var(--mantine-color-gray-4)', marginInlineStart: 8 }}
                  py={6}
                  data-testid="genealogy-node"
                  data-depth={node.depth}
                >
                  <Group gap="xs" wrap="wrap">
                    <Text size="sm" c="dimmed" component="span">
                      {t('processRecords.genealogy.depth', { depth: node.depth })}
                    </Text>
                    <Anchor component={Link} to={`/s/process/lots/${node.lot.id}${direction === 'forward' ? '?direction=forward' : ''}`} fw={700}>
                      {node.lot.lotNo}
                    </Anchor>
                    <Text component="span" size="sm">
                      {node.lot.itemCode} {node.lot.itemName} · {formatNumber(node.lot.quantity, lang)} {node.lot.unit ?? ''}
                    </Text>
                    <LotOriginBadge origin={node.lot.origin} />
                    {node.via && (
                      <Text component="span" size="sm">
                        {t('processRecords.genealogy.via', { orderNo: node.via.orderNo })}
                      </Text>
                    )}
                  </Group>
                </Box>
              ))}
            </Box>
          )}
        </Paper>
      )}
    </Stack>
  );
}
