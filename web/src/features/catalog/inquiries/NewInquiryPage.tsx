import { Alert, Anchor, Button, Card, Group, Radio, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { INQUIRY_KINDS, useCatalogRole, useProduct, useSendInquiry, type InquiryKind, type Product } from '../api';
import { BODY_MAX, SUBJECT_MAX } from './inquiryLimits';

const FIELDS = ['kind', 'subject', 'body'] as const;
type Field = (typeof FIELDS)[number];

const BACK = '/s/catalog/inquiries';

/** 問い合わせの作成: the product and its publisher, the kind, a subject and a message; editors and admins only. */
export function NewInquiryPage() {
  const { t } = useTranslation();
  usePageTitle(t('catalogInquiries.create.title'));
  const role = useCatalogRole();
  const [search] = useSearchParams();
  const productId = search.get('product') ?? '';
  const product = useProduct(productId === '' ? undefined : productId);

  const body = (() => {
    // catalog:inquiries:write belongs to admins and editors; the server checks it again.
    if (role !== 'admin' && role !== 'editor') {
      return (
        <Alert color="blue" title={t('catalogInquiries.create.viewerTitle')} data-testid="inquiry-viewer-note">
          {t('catalogInquiries.create.viewerNote')}
        </Alert>
      );
    }
    if (!productId) {
      return (
        <Alert color="blue" title={t('catalogInquiries.create.noProductTitle')} data-testid="inquiry-no-product">
          {t('catalogInquiries.create.noProduct')}
        </Alert>
      );
    }
    if (product.isPending) return <LoadingState />;
    if (product.isError) {
      if (isApiStatus(product.error, 404) || isApiStatus(product.error, 400)) {
        return (
          <Alert color="orange" title={t('catalogInquiries.create.productMissingTitle')} data-testid="inquiry-product-missing">
            {t('catalogInquiries.create.productMissing')}
          </Alert>
        );
      }
      return <ErrorAlert error={product.error} onRetry={() => void product.refetch()} />;
    }
    if (product.data.own) {
      return (
        <Alert color="blue" title={t('catalogInquiries.create.ownProductTitle')} data-testid="inquiry-own-product">
          {t('catalogInquiries.create.ownProduct')}
        </Alert>
      );
    }
    return <InquiryForm product={product.data} />;
  })();

  return (
    <Stack maw={880}>
      <Anchor component={Link} to={BACK} size="sm">
        {t('catalogInquiries.create.back')}
      </Anchor>
      <Title order={1}>{t('catalogInquiries.create.title')}</Title>
      {body}
    </Stack>
  );
}

function InquiryForm({ product }: { product: Product }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const lang = useLang();
  const create = useSendInquiry();
  const [kind, setKind] = useState<InquiryKind | ''>('');
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    const required = t('catalogInquiries.create.required');
    if (!kind) next.kind = t('catalogInquiries.create.chooseKind');
    if (!subject.trim()) next.subject = required;
    else if (subject.trim().length > SUBJECT_MAX) next.subject = t('catalogInquiries.create.tooLong', { max: SUBJECT_MAX });
    if (!message.trim()) next.body = required;
    else if (message.length > BODY_MAX) next.body = t('catalogInquiries.create.tooLong', { max: BODY_MAX.toLocaleString() });
    setErrors(next);
    const first = FIELDS.find((name) => next[name] !== undefined);
    if (first !== undefined || !kind) {
      if (first) document.getElementById(`inquiry-field-${first}`)?.focus();
      return;
    }
    create.mutate(
      { productId: product.id, kind, subject: subject.trim(), body: message },
      { onSuccess: (inquiry) => void navigate(`/s/catalog/inquiries/${inquiry.id}`, { state: { sent: true } }) },
    );
  };

  const fieldError = (name: Field) => errors[name] ?? (create.error instanceof ApiError ? create.error.fields[name] : undefined);
  const productDetail = [product.grade, product.brand].filter(Boolean).join(' / ');

  return (
    <Stack>
      <Card withBorder data-testid="inquiry-product">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <div>
            <Text size="sm" c="dimmed">
              {t('catalogInquiries.fields.product')}
            </Text>
            <Anchor component={Link} to={`/s/catalog/p/${product.id}`} fw={700} data-testid="inquiry-product-title">
              {lang === 'en' && product.nameEn !== '' ? product.nameEn : product.name}
            </Anchor>
            {productDetail && <Text size="sm">{productDetail}</Text>}
            <Text size="sm">{t('catalogInquiries.create.category', { category: product.category })}</Text>
          </div>
          <div>
            <Text size="sm" c="dimmed">
              {t('catalogInquiries.fields.publisher')}
            </Text>
            <Text fw={700} data-testid="inquiry-publisher">
              {product.publisher.displayName}
            </Text>
          </div>
        </SimpleGrid>
      </Card>
      {create.isError && <ErrorAlert error={create.error} fieldsShownInline={FIELDS} />}
      <form onSubmit={submit} noValidate aria-label={t('catalogInquiries.create.title')}>
        <Card withBorder>
          <Stack>
            <Radio.Group
              label={t('catalogInquiries.fields.kind')}
              required
              value={kind}
              onChange={(value) => {
                setKind(INQUIRY_KINDS.find((k) => k === value) ?? '');
                setErrors((current) => ({ ...current, kind: undefined }));
              }}
              error={fieldError('kind')}
              data-testid="inquiry-kind"
            >
              <Group mt="xs">
                {INQUIRY_KINDS.map((k) => (
                  <Radio key={k} id={k === INQUIRY_KINDS[0] ? 'inquiry-field-kind' : undefined} value={k} label={t(`catalogInquiries.kind.${k}`)} data-testid={`inquiry-kind-${k}`} />
                ))}
              </Group>
            </Radio.Group>
            <TextInput
              id="inquiry-field-subject"
              label={t('catalogInquiries.fields.subject')}
              required
              value={subject}
              onChange={(e) => {
                setSubject(e.currentTarget.value);
                setErrors((current) => ({ ...current, subject: undefined }));
              }}
              error={fieldError('subject')}
              data-testid="inquiry-subject"
            />
            <Textarea
              id="inquiry-field-body"
              label={t('catalogInquiries.fields.body')}
              description={t('catalogInquiries.create.bodyHint')}
              required
              autosize
              minRows={6}
              value={message}
              onChange={(e) => {
                setMessage(e.currentTarget.value);
                setErrors((current) => ({ ...current, body: undefined }));
              }}
              error={fieldError('body')}
              data-testid="inquiry-body"
            />
            <Group justify="flex-end">
              <Button component={Link} to={BACK} variant="default">
                {t('catalogInquiries.create.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="inquiry-submit">
                {t('catalogInquiries.create.submit')}
              </Button>
            </Group>
          </Stack>
        </Card>
      </form>
    </Stack>
  );
}
