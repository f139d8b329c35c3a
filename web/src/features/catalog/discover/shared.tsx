import { Alert, Anchor, Badge, Button, Flex, Group, Modal, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import type { Lang } from '../../../i18n';
import { useLang } from '../../../i18n/useLang';
import { LIST_NAMES, useCategories, useList, useListMembership, usePlan, type DocumentKind, type ListName, type Plan, type ProductForm, type RegulatoryFlag } from '../api';

/** Page heading with a short intro. */
export function DiscoverHeader({ title, intro, actions }: { title: string; intro?: string; actions?: ReactNode }) {
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{title}</Title>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
      {intro && <Text size="sm">{intro}</Text>}
    </Stack>
  );
}

/**
 * Renders its children with the tenant's plan once it is known; a tenant without a catalog
 * subscription is told so instead of meeting a failed request.
 */
export function WithPlan({ children }: { children: (plan: Plan) => ReactNode }) {
  const { t } = useTranslation();
  const plan = usePlan();
  if (plan.isPending) return <LoadingState />;
  if (plan.isError) return <ErrorAlert error={plan.error} onRetry={() => void plan.refetch()} />;
  if (plan.data.subscription === null) {
    return (
      <Alert color="orange" title={t('catalogDiscover.noSubscription.title')} data-testid="discover-no-subscription">
        {t('catalogDiscover.noSubscription.body')}
      </Alert>
    );
  }
  return <>{children(plan.data)}</>;
}

/** Says what a paid plan adds where a free reader would otherwise meet an empty table. */
export function PaidOnlyNote({ children, testId }: { children: ReactNode; testId: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="blue" variant="light" title={t('catalogDiscover.paidOnly.title')} data-testid={testId}>
      {children}
    </Alert>
  );
}

/** The product's name in the reader's language (the Japanese name when no English one is given). */
export function productName(product: { name: string; nameEn: string }, lang: Lang): string {
  return lang === 'en' && product.nameEn !== '' ? product.nameEn : product.name;
}

/** A category code with its name in the reader's language (`PP ポリプロピレン`). */
export function CategoryLabel({ code }: { code: string }) {
  const lang = useLang();
  const category = useCategories().data?.find((c) => c.code === code);
  return <>{category ? `${code} ${category.name[lang]}` : code}</>;
}

export function FormLabel({ form }: { form: ProductForm }) {
  const { t } = useTranslation();
  return <>{t(`catalog.enum.form.${form}`)}</>;
}

/** Regulatory compliance the publisher states, as badges. */
export function FlagBadges({ flags }: { flags: readonly RegulatoryFlag[] }) {
  const { t } = useTranslation();
  if (flags.length === 0) return <Text size="sm" c="dimmed">{t('catalogDiscover.none')}</Text>;
  return (
    <Group gap={4}>
      {flags.map((flag) => (
        <Badge key={flag} variant="outline" color="teal.9" tt="none">
          {t(`catalog.enum.flag.${flag}`)}
        </Badge>
      ))}
    </Group>
  );
}

/** The kinds of documents a product has, as badges. */
export function DocKindBadges({ kinds }: { kinds: readonly DocumentKind[] }) {
  const { t } = useTranslation();
  if (kinds.length === 0) return <Text size="sm" c="dimmed">{t('catalogDiscover.none')}</Text>;
  return (
    <Group gap={4}>
      {kinds.map((kind) => (
        <Badge key={kind} variant="outline" color="blue.9" tt="none">
          {t(`catalog.enum.docKind.${kind}`)}
        </Badge>
      ))}
    </Group>
  );
}

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  ja: new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 6 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 }),
};

/** A number with the separators of the reader's language. */
export function formatNumber(value: number, lang: Lang): string {
  return numberFormats[lang].format(value);
}

/** A range such as `0.90–1.20` (or one bound, or a single value when both are equal); empty when neither is given. */
export function formatRange(min: number | null, max: number | null, lang: Lang): string {
  if (min !== null && max !== null) return min === max ? formatNumber(min, lang) : `${formatNumber(min, lang)}–${formatNumber(max, lang)}`;
  if (min !== null) return `≥ ${formatNumber(min, lang)}`;
  if (max !== null) return `≤ ${formatNumber(max, lang)}`;
  return '';
}

/** A file size in KB/MB. */
export function formatBytes(bytes: number, lang: Lang): string {
  if (bytes < 1024) return `${formatNumber(bytes, lang)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 102.4) / 10, lang)} KB`;
  return `${formatNumber(Math.round(bytes / (1024 * 102.4)) / 10, lang)} MB`;
}

/** A link to a publisher's page. */
export function PublisherLink({ publisher }: { publisher: { tenantId: string; displayName: string } }) {
  return (
    <Anchor component={Link} to={`/s/catalog/publishers/${publisher.tenantId}`} size="sm">
      {publisher.displayName}
    </Anchor>
  );
}


/** The lists (使用中 / 検討中) that hold each product, read from the tenant's two lists. */
export function useProductLists(): { lists: (productId: string) => ListName[]; ready: boolean } {
  const inUse = useList('in_use');
  const watching = useList('watching');
  const sets: Record<ListName, Set<string>> = {
    in_use: new Set((inUse.data ?? []).map((entry) => entry.id)),
    watching: new Set((watching.data ?? []).map((entry) => entry.id)),
  };
  return { lists: (productId) => LIST_NAMES.filter((list) => sets[list].has(productId)), ready: inUse.isSuccess && watching.isSuccess };
}

/** Toggle buttons that put a product on (pressed) or take it off the tenant's 使用中 and 検討中 lists. */
export function ListButtons({ productId, productLabel, lists, size = 'xs', stacked = false }: { productId: string; productLabel: string; lists: readonly ListName[]; size?: 'xs' | 'sm'; stacked?: boolean }) {
  const { t } = useTranslation();
  const { add: save, remove } = useListMembership();
  const pending = save.isPending || remove.isPending;
  const error = save.error ?? remove.error;
  return (
    <Stack gap={4}>
      <Flex gap={4} direction={stacked ? 'column' : 'row'}>
        {LIST_NAMES.map((list) => {
          const member = lists.includes(list);
          const listName = t(`catalog.enum.list.${list}`);
          return (
            <Button
              key={list}
              size={size}
              variant={member ? 'filled' : 'default'}
              color="blue.9"
              disabled={pending}
              aria-pressed={member}
              aria-label={t('catalogDiscover.lists.toggle', { list: listName, name: productLabel })}
              onClick={() => (member ? remove.mutate({ list, productId }) : save.mutate({ list, productId }))}
              data-testid={`list-toggle-${list}-${productId}`}
            >
              {member ? t('catalogDiscover.lists.inList', { list: listName }) : t('catalogDiscover.lists.add', { list: listName })}
            </Button>
          );
        })}
      </Flex>
      {error !== null && <ErrorAlert error={error} />}
    </Stack>
  );
}

/** Asks before a product is taken off a list, naming it. */
export function ConfirmRemoval({ title, message, pending, error, onConfirm, onClose }: { title: string; message: string; pending: boolean; error: unknown; onConfirm: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal.Root opened onClose={onClose} centered>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={700}>{title}</Modal.Title>
          <Modal.CloseButton aria-label={t('catalogDiscover.close')} />
        </Modal.Header>
        <Modal.Body>
          <Stack>
            <Text>{message}</Text>
            {error !== null && error !== undefined && <ErrorAlert error={error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('catalogDiscover.cancel')}
              </Button>
              <Button color="red" loading={pending} onClick={onConfirm} data-testid="discover-confirm">
                {t('catalogDiscover.lists.remove')}
              </Button>
            </Group>
          </Stack>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
