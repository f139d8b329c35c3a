import { Alert, Button, Divider, Group, List, Menu, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { usePageTitle } from '../../../layout/usePageTitle';
import { EXPORT_FORMATS, productExportUrl, useCanWriteSurvey, useDeleteProduct, useProduct, useSaveProduct, type ProductDetail, type ProductInput } from '../api';
import { CheckResultsPanel } from './CheckResultsPanel';
import { CompositionEditor } from './CompositionEditor';
import { compositionDraftOf, compositionOf, compositionProblems, type CompositionDraft } from './compositionDraft';
import { NoticeFromState, OutcomeBadge, PageHeader, ReadOnlyNote, serverFieldErrors, SurveyDialog } from './shared';
import { numberText, parseNumber } from './numbers';

interface ProductDraft {
  productNumber: string;
  name: string;
  massG: string;
  unitType: string;
  supplierName: string;
  remarks: string;
  labels: string[];
  composition: CompositionDraft;
}

const EMPTY: ProductDraft = { productNumber: '', name: '', massG: '', unitType: '', supplierName: '', remarks: '', labels: [], composition: { parts: [], substances: [] } };

function draftOf(product: ProductDetail): ProductDraft {
  return {
    productNumber: product.productNumber,
    name: product.name,
    massG: numberText(product.massG),
    unitType: product.unitType,
    supplierName: product.supplierName,
    remarks: product.remarks,
    labels: product.labels,
    composition: compositionDraftOf(product.composition),
  };
}

function inputOf(draft: ProductDraft, version: number | undefined): ProductInput {
  return {
    productNumber: draft.productNumber.trim(),
    name: draft.name.trim(),
    massG: parseNumber(draft.massG),
    ...(draft.unitType.trim() === '' ? {} : { unitType: draft.unitType.trim() }),
    supplierName: draft.supplierName.trim(),
    remarks: draft.remarks,
    labels: draft.labels,
    composition: compositionOf(draft.composition),
    ...(version === undefined ? {} : { version }),
  };
}

/** Inputs of their own; server messages for other paths are listed in the alert. */
const TOP_FIELDS = ['productNumber', 'name', 'massG', 'unitType', 'supplierName', 'remarks', 'labels'] as const;

/** One product under survey: a new one (`/products/new`) or an existing one with its check results. */
export function ProductPage() {
  const { productId } = useParams();
  const id = productId === 'new' ? undefined : productId;
  const product = useProduct(id);
  if (id === undefined) return <ProductForm />;
  if (product.isPending) return <LoadingState />;
  if (product.isError) return isApiStatus(product.error, 404) ? <NotFoundContent /> : <ErrorAlert error={product.error} onRetry={() => void product.refetch()} />;
  return <ProductForm product={product.data} onReload={() => void product.refetch()} />;
}

function ProductForm({ product, onReload }: { product?: ProductDetail; onReload?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCanWriteSurvey();
  const readOnly = !canWrite;
  const title = product ? `${product.productNumber} ${product.name}` : t('surveyProducts.product.newTitle');
  usePageTitle(title);
  const save = useSaveProduct(product?.id);
  const [draft, setDraft] = useState<ProductDraft>(product ? draftOf(product) : EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [dirty, setDirty] = useState(false);
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    if (product) {
      setDraft(draftOf(product));
      setDirty(false);
    }
  }, [product]);

  const set = <K extends keyof ProductDraft>(key: K, value: ProductDraft[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setDirty(true);
    // Row messages are keyed by position; once rows change, the old ones no longer apply.
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => path !== key && !path.startsWith(`${key}.`))));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const next = compositionProblems(draft.composition, {
      required: t('survey.required'),
      notANumber: t('survey.notANumber'),
      percentRange: t('surveyProducts.composition.percentRange'),
      casShape: t('surveyProducts.composition.casShape'),
      casCheck: (expected) => t('surveyProducts.composition.casCheck', { expected }),
      idRequired: t('surveyProducts.composition.idRequired'),
    });
    if (draft.productNumber.trim() === '') next.productNumber = t('survey.required');
    if (draft.name.trim() === '') next.name = t('survey.required');
    if (draft.massG.trim() !== '' && (parseNumber(draft.massG) ?? -1) < 0) next.massG = t('survey.notANumber');
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    save.mutate(inputOf(draft, product?.version), {
      onSuccess: (result) => {
        setDirty(false);
        const notice = product ? t('surveyProducts.product.saved', { name: result.name }) : t('surveyProducts.product.created', { name: result.name });
        void navigate(`/s/survey/products/${result.id}`, { replace: true, state: { notice } });
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  const conflict = isApiStatus(save.error, 409) && save.error.code === 'conflict';
  const shownInline = Object.keys(errors).filter((path) => (TOP_FIELDS as readonly string[]).includes(path) || path.startsWith('composition.'));

  return (
    <Stack maw={1200}>
      <Button variant="subtle" size="compact-sm" w="fit-content" onClick={() => void navigate('/s/survey/products')} data-testid="survey-product-back">
        {t('surveyProducts.product.back')}
      </Button>
      <PageHeader
        title={title}
        badges={product && <OutcomeBadge outcome={product.worstOutcome} testId="survey-product-outcome" />}
        actions={
          product && (
            <>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button variant="default" data-testid="survey-product-export">
                    {t('surveyProducts.export.open')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {EXPORT_FORMATS.map((format) => (
                    <Menu.Item key={format} component="a" href={productExportUrl(product.id, format)} download data-testid={`survey-product-export-${format}`}>
                      {t(`surveyProducts.export.${format}`)}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
              {canWrite && (
                <Button variant="default" color="red" onClick={() => setDeleting(true)} data-testid="survey-product-delete">
                  {t('surveyProducts.product.delete')}
                </Button>
              )}
            </>
          )
        }
      />
      <NoticeFromState />
      {readOnly && <ReadOnlyNote text={t('surveyProducts.readOnly')} />}
      {product && product.warnings.length > 0 && (
        <Alert color="yellow" title={t('surveyProducts.product.warnings')} data-testid="survey-product-warnings">
          <List size="sm">
            {product.warnings.map((w, index) => (
              <List.Item key={`${w.code}-${index}`}>{w.path.length > 0 ? `${w.path.join(' › ')}: ${w.message}` : w.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {conflict ? (
        <Alert color="orange" title={t('survey.conflict.title')} data-testid="survey-product-conflict">
          <Text size="sm">{t('survey.conflict.body')}</Text>
          {onReload && (
            <Button size="xs" mt="sm" variant="light" color="orange" onClick={onReload}>
              {t('survey.conflict.reload')}
            </Button>
          )}
        </Alert>
      ) : (
        save.isError && <ErrorAlert error={save.error} fieldsShownInline={shownInline} />
      )}
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('surveyProducts.product.productNumber')}
              required={!readOnly}
              readOnly={readOnly}
              maxLength={100}
              value={draft.productNumber}
              error={errors.productNumber}
              onChange={(e) => set('productNumber', e.currentTarget.value)}
              data-testid="survey-product-number"
            />
            <TextInput
              label={t('surveyProducts.product.name')}
              required={!readOnly}
              readOnly={readOnly}
              maxLength={200}
              value={draft.name}
              error={errors.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              data-testid="survey-product-name"
            />
            <TextInput
              label={t('surveyProducts.product.massG')}
              description={t('surveyProducts.product.massHint')}
              inputMode="decimal"
              readOnly={readOnly}
              value={draft.massG}
              error={errors.massG}
              onChange={(e) => set('massG', e.currentTarget.value)}
              data-testid="survey-product-mass"
            />
            <TextInput
              label={t('surveyProducts.product.unitType')}
              description={t('surveyProducts.product.unitTypeHint')}
              readOnly={readOnly}
              maxLength={20}
              value={draft.unitType}
              error={errors.unitType}
              onChange={(e) => set('unitType', e.currentTarget.value)}
              data-testid="survey-product-unit-type"
            />
            <TextInput
              label={t('surveyProducts.product.supplierName')}
              readOnly={readOnly}
              maxLength={200}
              value={draft.supplierName}
              error={errors.supplierName}
              onChange={(e) => set('supplierName', e.currentTarget.value)}
              data-testid="survey-product-supplier"
            />
            <TagsInput
              label={t('surveyProducts.product.labels')}
              description={readOnly ? undefined : t('surveyProducts.product.labelsHint')}
              value={draft.labels}
              onChange={(labels) => set('labels', labels)}
              maxTags={20}
              readOnly={readOnly}
              error={errors.labels}
              clearButtonProps={{ 'aria-label': t('surveyProducts.product.clearLabels') }}
              data-testid="survey-product-labels"
            />
          </SimpleGrid>
          <Textarea
            label={t('surveyProducts.product.remarks')}
            autosize
            minRows={2}
            maxLength={4000}
            readOnly={readOnly}
            value={draft.remarks}
            error={errors.remarks}
            onChange={(e) => set('remarks', e.currentTarget.value)}
            data-testid="survey-product-remarks"
          />
          <Divider />
          <CompositionEditor value={draft.composition} onChange={(composition) => set('composition', composition)} errors={errors} readOnly={readOnly} />
          {!readOnly && (
            <Group>
              <Button type="submit" loading={save.isPending} data-testid="survey-product-save">
                {product ? t('survey.save') : t('surveyProducts.product.create')}
              </Button>
              <Button variant="default" onClick={() => void navigate('/s/survey/products')}>
                {t('survey.cancel')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
      {product && (
        <>
          <Divider />
          <CheckResultsPanel productId={product.id} dirty={dirty} />
        </>
      )}
      {product && deleting && <DeleteDialog product={product} onClose={() => setDeleting(false)} />}
    </Stack>
  );
}

function DeleteDialog({ product, onClose }: { product: ProductDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const remove = useDeleteProduct();
  return (
    <SurveyDialog title={t('surveyProducts.product.deleteTitle')} onClose={onClose}>
      <Stack>
        <Text>{t('surveyProducts.product.deleteConfirm', { name: `${product.productNumber} ${product.name}` })}</Text>
        {remove.isError && <ErrorAlert error={remove.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('survey.cancel')}
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(product.id, {
                onSuccess: () => void navigate('/s/survey/products', { state: { notice: t('surveyProducts.product.deleted', { name: product.name }) } }),
              })
            }
            data-testid="survey-product-delete-confirm"
          >
            {t('surveyProducts.product.delete')}
          </Button>
        </Group>
      </Stack>
    </SurveyDialog>
  );
}
