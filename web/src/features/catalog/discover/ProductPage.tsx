import { Anchor, Badge, Button, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { PROCESSING_METHODS, documentDownloadUrl, useProduct, type CatalogDocument, type Component, type Product, type Property } from '../api';
import { CategoryLabel, DocKindBadges, FlagBadges, FormLabel, ListButtons, PaidOnlyNote, PublisherLink, WithPlan, formatBytes, formatRange, productName } from './shared';

/** 製品詳細: what a publisher states about one product; properties and documents for paid readers. */
export function ProductPage() {
  return <WithPlan>{() => <ProductScreen />}</WithPlan>;
}

function ProductScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  const { productId } = useParams();
  const product = useProduct(productId);
  usePageTitle(product.data ? productName(product.data, lang) : t('catalogDiscover.product.title'));
  if (product.isPending) return <LoadingState />;
  if (product.isError) return isApiStatus(product.error, 404) ? <NotFoundContent /> : <ErrorAlert error={product.error} onRetry={() => void product.refetch()} />;
  return <ProductView product={product.data} />;
}

/** A suggested processing method by its shared label; free text as the publisher wrote it. */
function processingLabel(method: string, t: TFunction): string {
  const known = PROCESSING_METHODS.find((m) => m === method);
  return known ? t(`catalog.enum.processingMethod.${known}`) : method;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={180}>
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

function ProductView({ product }: { product: Product }) {
  const { t } = useTranslation();
  const lang = useLang();
  const name = productName(product, lang);
  const description = lang === 'en' && product.descriptionEn !== '' ? product.descriptionEn : product.description;
  return (
    <Stack data-testid="product-page">
      <Anchor component={Link} to="/s/catalog/search" size="sm" w="fit-content">
        {t('catalogDiscover.backToSearch')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1} data-testid="catalog-product-name">
            {name}
          </Title>
          <Text size="sm">{[product.grade, product.brand].filter((v) => v !== '').join(' / ')}</Text>
          <Group gap="xs">
            <Text size="sm">{t('catalogDiscover.product.publisher')}:</Text>
            <PublisherLink publisher={product.publisher} />
          </Group>
        </Stack>
        <Stack gap="xs" align="flex-end">
          <ListButtons productId={product.id} productLabel={name} lists={product.lists} size="sm" />
          {!product.own && (
            <Button component={Link} to={`/s/catalog/inquiries/new?product=${product.id}`} variant="light" data-testid="product-inquire">
              {t('catalogDiscover.product.inquire')}
            </Button>
          )}
        </Stack>
      </Group>
      {description !== '' && <Text style={{ whiteSpace: 'pre-wrap' }}>{description}</Text>}

      <Section title={t('catalogDiscover.product.basics')}>
        <Table withTableBorder data-testid="product-basics">
          <Table.Tbody>
            <Field label={t('catalogDiscover.product.category')}>
              <CategoryLabel code={product.category} />
            </Field>
            <Field label={t('catalogDiscover.product.form')}>
              <FormLabel form={product.form} />
            </Field>
            <Field label={t('catalogDiscover.product.applications')}>{product.applications.join('、') || t('catalogDiscover.none')}</Field>
            <Field label={t('catalogDiscover.product.processing')}>
              {product.processingMethods.map((m) => processingLabel(m, t)).join('、') || t('catalogDiscover.none')}
            </Field>
            <Field label={t('catalogDiscover.product.flags')}>
              <FlagBadges flags={product.regulatoryFlags} />
            </Field>
            <Field label={t('catalogDiscover.product.docKinds')}>
              <DocKindBadges kinds={product.documentKinds} />
            </Field>
            {product.publishedAt && <Field label={t('catalogDiscover.product.publishedAt')}>{formatDateTime(product.publishedAt, lang)}</Field>}
          </Table.Tbody>
        </Table>
      </Section>

      <Section title={t('catalogDiscover.product.composition')}>
        <Composition components={product.components} />
      </Section>

      {product.access === 'full' ? (
        <>
          <Section title={t('catalogDiscover.product.properties')}>
            <Properties properties={product.properties ?? []} />
          </Section>
          <Section title={t('catalogDiscover.product.documents')}>
            <Documents documents={product.documents ?? []} />
          </Section>
        </>
      ) : (
        <PaidOnlyNote testId="product-paid-note">
          <Text size="sm">{t('catalogDiscover.paidOnly.product')}</Text>
          {product.documentKinds.length > 0 && (
            <Text size="sm" mt="xs">
              {t('catalogDiscover.paidOnly.documentsHere', { kinds: product.documentKinds.map((k) => t(`catalog.enum.docKind.${k}`)).join('、') })}
            </Text>
          )}
        </PaidOnlyNote>
      )}
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** 組成: components with CAS number and content range. */
export function Composition({ components }: { components: Component[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (components.length === 0) return <Text size="sm">{t('catalogDiscover.product.noComposition')}</Text>;
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped data-testid="product-composition">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('catalogDiscover.product.componentName')}</Table.Th>
            <Table.Th scope="col">{t('catalogDiscover.product.cas')}</Table.Th>
            <Table.Th scope="col">{t('catalogDiscover.product.content')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {components.map((c, index) => {
            const range = formatRange(c.minPct, c.maxPct, lang);
            return (
              <Table.Tr key={`${index}-${c.name}`}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{c.casNumber ?? '—'}</Table.Td>
                <Table.Td>{range === '' ? '—' : `${range} %`}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A property's value as stated: a range, a single number or a text. */
export function propertyValue(p: Property, lang: 'ja' | 'en'): string {
  const range = formatRange(p.valueMin, p.valueMax, lang);
  const value = range !== '' ? range : p.valueText;
  return value === '' ? '—' : p.unit !== '' && range !== '' ? `${value} ${p.unit}` : value;
}

function Properties({ properties }: { properties: Property[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (properties.length === 0) return <Text size="sm">{t('catalogDiscover.product.noProperties')}</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped data-testid="product-properties">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('catalogDiscover.product.propertyName')}</Table.Th>
            <Table.Th scope="col">{t('catalogDiscover.product.propertyValue')}</Table.Th>
            <Table.Th scope="col">{t('catalogDiscover.product.testMethod')}</Table.Th>
            <Table.Th scope="col">{t('catalogDiscover.product.conditions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {properties.map((p) => (
            <Table.Tr key={p.key}>
              <Table.Td>{p.name}</Table.Td>
              <Table.Td>{propertyValue(p, lang)}</Table.Td>
              <Table.Td>{p.testMethod || '—'}</Table.Td>
              <Table.Td>{p.conditions || '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const LANGUAGE_NAMES = ['ja', 'en', 'zh', 'ko'] as const;

function Documents({ documents }: { documents: CatalogDocument[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (documents.length === 0) return <Text size="sm">{t('catalogDiscover.product.noDocuments')}</Text>;
  return (
    <List listStyleType="none" spacing="xs" data-testid="product-documents">
      {documents.map((d) => {
        const known = LANGUAGE_NAMES.find((l) => l === d.language);
        return (
          <List.Item key={d.id}>
            <Group gap="xs">
              <Badge variant="outline" color="blue.9" tt="none">
                {t(`catalog.enum.docKind.${d.kind}`)}
              </Badge>
              <Anchor href={documentDownloadUrl(d.id)} download={d.fileName} data-testid={`document-${d.id}`}>
                {d.fileName}
              </Anchor>
              <Text size="sm">
                {t('catalogDiscover.product.documentMeta', {
                  language: known ? t(`catalog.enum.language.${known}`) : d.language.toUpperCase(),
                  version: d.docVersion,
                  issued: d.issuedOn ?? '—',
                  size: formatBytes(d.bytes, lang),
                })}
              </Text>
            </Group>
          </List.Item>
        );
      })}
    </List>
  );
}
