import { Alert, Anchor, Button, Card, Checkbox, FileButton, Group, NativeSelect, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { useSession } from '../../../data/session';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import {
  responseFileUrl,
  useApproveResponse,
  useImportResponse,
  useRequest,
  useResponse,
  useReturnResponse,
  useSaveResponse,
  useSendResponse,
  useSubmitForReview,
  useUploadResponseFile,
  type ComplianceBlock,
  type ListSnapshot,
  type RequestDetail,
  type ResponseDetail,
  type ResponseInput,
} from '../api';
import { CompositionEditor } from '../products/CompositionEditor';
import { compositionDraftOf, compositionOf, compositionProblems, type CompositionDraft } from '../products/compositionDraft';
import { numberText, parseNumber } from '../products/numbers';
import { serverFieldErrors } from '../products/shared';
import { FILE_KINDS, useSurveyAbilities, type FileKind } from '../requests/requestApi';
import { ConfirmModal } from '../requests/ConfirmModal';
import { ActionError, RequestStatusBadge } from '../requests/requestLabels';
import { formatFileSize, ResponseStatusBadge } from './responseLabels';
import { placedSubstances, ResponseView } from './ResponseView';
import { ColumnHeads } from '../tableParts';

interface ProductDraft {
  key: string;
  productNumber: string;
  name: string;
  massG: string;
  composition: CompositionDraft;
}

interface DeclarationDraft {
  name: string;
  cas: string | null;
  aboveThreshold: boolean;
  massPercent: string;
  exemption: string;
}

interface Draft {
  products: ProductDraft[];
  declarations: DeclarationDraft[];
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  comment: string;
}

/** The declarations for the request's list: one row per entry of its snapshot, filled from what was saved. */
function declarationsOf(snapshot: ListSnapshot | null, compliance: ComplianceBlock[]): DeclarationDraft[] {
  if (!snapshot) return [];
  const saved = compliance.find((block) => block.listCode === snapshot.listCode)?.declarations ?? [];
  return snapshot.entries.map((entry) => {
    const found = saved.find((d) => (entry.cas !== null && d.cas === entry.cas) || d.name === entry.name);
    return {
      name: entry.name,
      cas: entry.cas,
      aboveThreshold: found?.aboveThreshold ?? false,
      massPercent: numberText(found?.massPercent),
      exemption: found?.exemption ?? '',
    };
  });
}

function draftOf(response: ResponseDetail, snapshot: ListSnapshot | null): Draft {
  return {
    products: response.products.map((p) => ({ key: p.key, productNumber: p.productNumber, name: p.name, massG: numberText(p.massG), composition: compositionDraftOf(p.composition) })),
    declarations: declarationsOf(snapshot, response.compliance),
    contactName: response.contact.name,
    contactEmail: response.contact.email,
    contactPhone: response.contact.phone,
    comment: response.comment,
  };
}

function inputOf(draft: Draft, response: ResponseDetail, snapshot: ListSnapshot | null): ResponseInput {
  const others = response.compliance.filter((block) => block.listCode !== snapshot?.listCode);
  const own: ComplianceBlock[] = snapshot
    ? [
        {
          listCode: snapshot.listCode,
          listName: snapshot.listName,
          versionLabel: snapshot.versionLabel,
          declarations: draft.declarations.map((d) => ({ name: d.name, cas: d.cas, aboveThreshold: d.aboveThreshold, massPercent: parseNumber(d.massPercent), exemption: d.exemption.trim() || null })),
        },
      ]
    : [];
  return {
    products: draft.products.map((p) => ({ key: p.key, productNumber: p.productNumber, name: p.name, massG: parseNumber(p.massG), composition: compositionOf(p.composition) })),
    compliance: [...own, ...others],
    contact: { name: draft.contactName.trim(), email: draft.contactEmail.trim(), phone: draft.contactPhone.trim() },
    comment: draft.comment,
    version: response.version,
  };
}

/**
 * 回答: the own company's answer to an incoming request. Drafters edit it (composition per item,
 * declarations against the request's list, contact, comment, files, file import) and submit it
 * for review; a reviewer other than the drafter approves or returns it; an approved answer is sent.
 */
export function ResponsePage() {
  const { responseId = '' } = useParams();
  const { t } = useTranslation();
  const loaded = useResponse(responseId);
  const request = useRequest(loaded.data?.response.requestId);
  usePageTitle(loaded.data ? t('surveyResponses.page.title', { title: loaded.data.request.title }) : t('surveyResponses.page.titlePlain'));

  if (loaded.isPending || (loaded.isSuccess && request.isPending)) return <LoadingState />;
  if (loaded.isError) {
    if (isApiStatus(loaded.error, 404) || isApiStatus(loaded.error, 400)) return <NotFoundContent />;
    return <ErrorAlert error={loaded.error} onRetry={() => void loaded.refetch()} />;
  }
  if (request.isError) return <ErrorAlert error={request.error} onRetry={() => void request.refetch()} />;
  if (!request.data) return <LoadingState />;
  const { response } = loaded.data;
  const detail = request.data.request;

  return (
    <Stack maw={1100}>
      <Anchor component={Link} to={`/s/survey/incoming/${detail.id}`} size="sm">
        {t('surveyResponses.page.back')}
      </Anchor>
      <Group gap="sm">
        <ResponseStatusBadge status={response.status} />
        <RequestStatusBadge status={detail.status} />
      </Group>
      <Title order={1} data-testid="response-title">
        {t('surveyResponses.page.title', { title: detail.title })}
      </Title>
      <Text size="sm">
        {t('surveyResponses.page.requestFrom', { company: detail.requesterName, date: detail.respondBy.replaceAll('-', '/') })}
      </Text>
      {response.reviewComment && (response.status === 'returned' || response.status === 'draft') && (
        <Alert color="orange" title={t('surveyResponses.page.reviewComment')} data-testid="response-review-comment">
          {response.reviewComment}
        </Alert>
      )}
      <ResponseBody key={`${response.id}-${response.version}`} response={response} request={detail} />
    </Stack>
  );
}

function ResponseBody({ response, request }: { response: ResponseDetail; request: RequestDetail }) {
  const can = useSurveyAbilities();
  const editable = can.draft && (response.status === 'draft' || response.status === 'returned');
  return editable ? <ResponseEditor response={response} request={request} /> : <ResponseReview response={response} />;
}

function ResponseEditor({ response, request }: { response: ResponseDetail; request: RequestDetail }) {
  const { t } = useTranslation();
  const snapshot = request.listSnapshot;
  const save = useSaveResponse(response.id);
  const submitForReview = useSubmitForReview(response.id);
  const importFile = useImportResponse(response.id);
  const [draft, setDraft] = useState<Draft>(() => draftOf(response, snapshot));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  const set = <K extends keyof Draft>(name: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [name]: value }));
    setSaved(false);
  };
  const setProduct = (index: number, patch: Partial<ProductDraft>) => set('products', draft.products.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  const setDeclaration = (index: number, patch: Partial<DeclarationDraft>) => set('declarations', draft.declarations.map((d, i) => (i === index ? { ...d, ...patch } : d)));

  const problems = (): Record<string, string> => {
    const messages = {
      required: t('surveyResponses.editor.required'),
      notANumber: t('surveyResponses.editor.notANumber'),
      percentRange: t('surveyResponses.editor.percentRange'),
      casShape: t('surveyResponses.editor.casShape'),
      casCheck: (expected: number) => t('surveyResponses.editor.casCheck', { expected }),
      idRequired: t('surveyResponses.editor.idRequired'),
    };
    const out: Record<string, string> = {};
    draft.products.forEach((p, i) => {
      for (const [path, message] of Object.entries(compositionProblems(p.composition, messages))) out[`products.${i}.${path}`] = message;
      if (p.massG.trim() && (parseNumber(p.massG) ?? -1) < 0) out[`products.${i}.massG`] = messages.notANumber;
    });
    draft.declarations.forEach((d, i) => {
      if (d.massPercent.trim() && !((parseNumber(d.massPercent) ?? -1) >= 0 && (parseNumber(d.massPercent) ?? 101) <= 100)) out[`compliance.0.declarations.${i}.massPercent`] = messages.percentRange;
    });
    return out;
  };

  /** Saves; on success runs `then` with the saved response. */
  const store = (then?: (saved: ResponseDetail) => void) => {
    const next = problems();
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    save.mutate(inputOf(draft, response, snapshot), {
      onSuccess: (result) => {
        setSaved(true);
        then?.(result);
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    store();
  };

  /** Fills the declarations from the composition: the highest mass percent of each listed CAS number. */
  const judge = () => {
    const found = new Map<string, number>();
    for (const product of draft.products) {
      for (const { substance } of placedSubstances(compositionOf(product.composition))) {
        if (substance.cas) found.set(substance.cas, Math.max(found.get(substance.cas) ?? 0, substance.massPercent));
      }
    }
    set(
      'declarations',
      draft.declarations.map((d, index) => {
        const entry = snapshot?.entries[index];
        const percent = d.cas === null ? undefined : found.get(d.cas);
        if (percent === undefined || !entry) return { ...d, aboveThreshold: false, massPercent: '' };
        return { ...d, aboveThreshold: percent > entry.thresholdPercent, massPercent: String(percent) };
      }),
    );
  };

  const productErrors = (index: number) =>
    Object.fromEntries(
      Object.entries(errors)
        .filter(([path]) => path.startsWith(`products.${index}.`))
        .map(([path, message]) => [path.slice(`products.${index}.`.length), message]),
    );

  return (
    <form onSubmit={submit} noValidate aria-label={t('surveyResponses.editor.title')}>
      <Stack>
        <Text size="sm">{t('surveyResponses.editor.intro')}</Text>
        {save.isError && <ActionError error={save.error} fieldsShownInline={Object.keys(errors)} />}
        {saved && (
          <Alert color="green" role="status" data-testid="response-saved">
            {t('surveyResponses.editor.saved')}
          </Alert>
        )}
        <ImportCard
          busy={importFile.isPending}
          error={importFile.error}
          onFile={(file) =>
            importFile.mutate(file, {
              onSuccess: (result) => setDraft(draftOf(result, snapshot)),
            })
          }
          done={importFile.isSuccess}
        />
        {draft.products.map((product, index) => (
          <Card key={product.key} withBorder component="section" aria-label={`${product.productNumber} ${product.name}`} data-testid={`response-edit-product-${index}`}>
            <Stack>
              <Group justify="space-between" align="flex-end">
                <Title order={2} size="h4">
                  {product.productNumber} {product.name}
                </Title>
                <TextInput
                  label={t('surveyResponses.editor.massG')}
                  value={product.massG}
                  onChange={(e) => setProduct(index, { massG: e.currentTarget.value })}
                  error={errors[`products.${index}.massG`]}
                  w={180}
                  data-testid={`response-product-mass-${index}`}
                />
              </Group>
              <CompositionEditor value={product.composition} onChange={(composition) => setProduct(index, { composition })} errors={productErrors(index)} readOnly={false} />
            </Stack>
          </Card>
        ))}
        <Card withBorder component="section" aria-labelledby="response-compliance-heading">
          <Stack>
            <Group justify="space-between">
              <Title order={2} size="h4" id="response-compliance-heading">
                {t('surveyResponses.editor.compliance')}
              </Title>
              {snapshot && (
                <Button variant="light" onClick={judge} data-testid="response-judge">
                  {t('surveyResponses.editor.judge')}
                </Button>
              )}
            </Group>
            {snapshot ? (
              <>
                <Text size="sm">{t('surveyResponses.editor.complianceIntro', { name: snapshot.listName, label: snapshot.versionLabel })}</Text>
                <Table.ScrollContainer minWidth={700}>
                  <Table verticalSpacing={4} fz="sm" data-testid="response-compliance">
                    <ColumnHeads labels={[t('surveyResponses.editor.substanceName'), t('surveyResponses.editor.cas'), t('surveyResponses.editor.threshold'), t('surveyResponses.editor.aboveThreshold'), t('surveyResponses.editor.massPercent'), t('surveyResponses.editor.exemption')]} />
                    <Table.Tbody>
                      {draft.declarations.map((d, index) => (
                        <Table.Tr key={`${d.name}-${index}`} data-testid={`response-declaration-${index}`}>
                          <Table.Td>{d.name}</Table.Td>
                          <Table.Td>{d.cas ?? '—'}</Table.Td>
                          <Table.Td>{snapshot.entries[index]?.thresholdPercent ?? ''} %</Table.Td>
                          <Table.Td>
                            <Checkbox
                              aria-label={t('surveyResponses.editor.aboveFor', { name: d.name })}
                              checked={d.aboveThreshold}
                              onChange={(e) => setDeclaration(index, { aboveThreshold: e.currentTarget.checked })}
                            />
                          </Table.Td>
                          <Table.Td>
                            <TextInput
                              size="xs"
                              aria-label={t('surveyResponses.editor.massPercentFor', { name: d.name })}
                              value={d.massPercent}
                              onChange={(e) => setDeclaration(index, { massPercent: e.currentTarget.value })}
                              error={errors[`compliance.0.declarations.${index}.massPercent`]}
                            />
                          </Table.Td>
                          <Table.Td>
                            <TextInput size="xs" aria-label={t('surveyResponses.editor.exemptionFor', { name: d.name })} value={d.exemption} onChange={(e) => setDeclaration(index, { exemption: e.currentTarget.value })} />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </>
            ) : (
              <Text c="dimmed">{t('surveyResponses.editor.noList')}</Text>
            )}
          </Stack>
        </Card>
        <Card withBorder component="section" aria-labelledby="response-contact-heading">
          <Stack>
            <Title order={2} size="h4" id="response-contact-heading">
              {t('surveyResponses.editor.contact')}
            </Title>
            <Group grow align="flex-start">
              <TextInput label={t('surveyResponses.editor.contactName')} value={draft.contactName} onChange={(e) => set('contactName', e.currentTarget.value)} error={errors['contact.name']} data-testid="response-contact-name" />
              <TextInput type="email" label={t('surveyResponses.editor.contactEmail')} value={draft.contactEmail} onChange={(e) => set('contactEmail', e.currentTarget.value)} error={errors['contact.email']} data-testid="response-contact-email" />
              <TextInput label={t('surveyResponses.editor.contactPhone')} value={draft.contactPhone} onChange={(e) => set('contactPhone', e.currentTarget.value)} error={errors['contact.phone']} data-testid="response-contact-phone" />
            </Group>
            <Textarea label={t('surveyResponses.editor.comment')} autosize minRows={3} value={draft.comment} onChange={(e) => set('comment', e.currentTarget.value)} error={errors.comment} data-testid="response-comment-input" />
          </Stack>
        </Card>
        <FilesCard response={response} />
        <Group justify="flex-end">
          <Button type="submit" variant="default" loading={save.isPending && !submitForReview.isPending} data-testid="response-save">
            {t('surveyResponses.editor.save')}
          </Button>
          <Button
            loading={submitForReview.isPending}
            onClick={() => store(() => submitForReview.mutate(undefined))}
            data-testid="response-submit-review"
          >
            {t('surveyResponses.editor.submitForReview')}
          </Button>
        </Group>
        {submitForReview.isError && <ActionError error={submitForReview.error} />}
      </Stack>
    </form>
  );
}

function ImportCard({ busy, error, done, onFile }: { busy: boolean; error: unknown; done: boolean; onFile: (file: File) => void }) {
  const { t } = useTranslation();
  const inputProps = { 'aria-label': t('surveyResponses.editor.import'), 'data-testid': 'response-import-input' };
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group>
          <FileButton onChange={(file) => file && onFile(file)} accept=".zip,.xml,.csv,.xlsx,.shai,.shci" inputProps={inputProps}>
            {(props) => (
              <Button {...props} variant="light" loading={busy} data-testid="response-import">
                {t('surveyResponses.editor.import')}
              </Button>
            )}
          </FileButton>
          <Text size="sm" c="dimmed">
            {t('surveyResponses.editor.importHint')}
          </Text>
        </Group>
        {done && (
          <Text size="sm" c="teal.9" role="status" data-testid="response-imported">
            {t('surveyResponses.editor.imported')}
          </Text>
        )}
        {error !== null && <ErrorAlert error={error} />}
      </Stack>
    </Card>
  );
}

function FilesCard({ response }: { response: ResponseDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const upload = useUploadResponseFile(response.id);
  const [kind, setKind] = useState<FileKind>('chemsherpa');
  const inputProps = { 'aria-label': t('surveyResponses.editor.attach'), 'data-testid': 'response-attach-input' };
  return (
    <Card withBorder component="section" aria-labelledby="response-files-heading">
      <Stack>
        <Title order={2} size="h4" id="response-files-heading">
          {t('surveyResponses.editor.files')}
        </Title>
        <Group align="flex-end">
          <NativeSelect
            label={t('surveyResponses.editor.fileKind')}
            value={kind}
            onChange={(e) => setKind(FILE_KINDS.find((k) => k === e.currentTarget.value) ?? 'other')}
            data={FILE_KINDS.map((k) => ({ value: k, label: t(`surveyResponses.fileKind.${k}`) }))}
            data-testid="response-file-kind"
          />
          <FileButton onChange={(file) => file && upload.mutate({ file, kind })} inputProps={inputProps}>
            {(props) => (
              <Button {...props} variant="light" loading={upload.isPending} data-testid="response-attach">
                {t('surveyResponses.editor.attach')}
              </Button>
            )}
          </FileButton>
        </Group>
        {upload.isError && <ErrorAlert error={upload.error} />}
        {response.files.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('surveyRequests.review.noFiles')}
          </Text>
        ) : (
          <Table verticalSpacing={4} fz="sm" data-testid="response-edit-files">
            <Table.Tbody>
              {response.files.map((file) => (
                <Table.Tr key={file.fileId}>
                  <Table.Td>
                    <Anchor href={responseFileUrl(response.id, file.fileId)} download={file.name}>
                      {file.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{FILE_KINDS.find((k) => k === file.kind) ? t(`surveyResponses.fileKind.${file.kind as FileKind}`) : file.kind}</Table.Td>
                  <Table.Td>{formatFileSize(file.bytes, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

function ResponseReview({ response }: { response: ResponseDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useSurveyAbilities();
  const me = useSession().data;
  const approve = useApproveResponse(response.id);
  const giveBack = useReturnResponse(response.id);
  const send = useSendResponse(response.id);
  const [dialog, setDialog] = useState<'approve' | 'return' | 'send' | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | undefined>();
  // The drafter cannot approve their own answer (the server answers 403 survey.cannot_approve_own).
  const own = me !== null && me !== undefined && response.draftedByUserId === me.id;
  const close = () => {
    setDialog(null);
    setComment('');
    setCommentError(undefined);
    approve.reset();
    giveBack.reset();
    send.reset();
  };

  return (
    <Stack>
      <Card withBorder>
        <Group gap="xl">
          <Text size="sm">
            {t('surveyRequests.review.draftedBy')}: {response.draftedByName || '—'}
          </Text>
          {response.authorizerName && (
            <Text size="sm" data-testid="response-authorizer">
              {t('surveyRequests.review.authorizer')}: {response.authorizerName}
              {response.approvedAt ? `（${formatDateTime(response.approvedAt, lang)}）` : ''}
            </Text>
          )}
          {response.sentAt && (
            <Text size="sm">
              {t('surveyRequests.review.sentAt')}: {formatDateTime(response.sentAt, lang)}
            </Text>
          )}
        </Group>
      </Card>
      {response.status === 'in_review' &&
        (can.approve ? (
          <Card withBorder data-testid="response-review-panel">
            <Stack>
              <Text>{t('surveyResponses.review.intro')}</Text>
              {own && (
                <Alert color="blue" data-testid="response-own-draft">
                  {t('surveyResponses.review.ownDraft')}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button variant="default" color="red" disabled={own} onClick={() => setDialog('return')} data-testid="response-return">
                  {t('surveyResponses.review.return')}
                </Button>
                <Button color="teal.9" disabled={own} onClick={() => setDialog('approve')} data-testid="response-approve">
                  {t('surveyResponses.review.approve')}
                </Button>
              </Group>
            </Stack>
          </Card>
        ) : (
          <Alert color="blue" data-testid="response-awaiting-review">
            {t('surveyResponses.review.awaiting')}
          </Alert>
        ))}
      {response.status === 'approved' &&
        (can.draft || can.approve ? (
          <Card withBorder data-testid="response-send-panel">
            <Group justify="space-between">
              <Text>{t('surveyResponses.review.approvedIntro')}</Text>
              <Button onClick={() => setDialog('send')} data-testid="response-send">
                {t('surveyResponses.review.send')}
              </Button>
            </Group>
          </Card>
        ) : null)}
      {response.status === 'sent' && (
        <Alert color="green" data-testid="response-sent-note">
          {t('surveyResponses.review.sentNote')}
        </Alert>
      )}
      {(response.status === 'draft' || response.status === 'returned') && !can.draft && (
        <Alert color="blue" data-testid="response-drafter-only">
          {t('surveyResponses.review.drafterOnly')}
        </Alert>
      )}
      <Title order={2} size="h4">
        {t('surveyResponses.review.content')}
      </Title>
      <ResponseView response={response} />
      <ConfirmModal
        opened={dialog === 'approve'}
        onClose={close}
        title={t('surveyResponses.review.approveTitle')}
        action={approve}
        confirmLabel={t('surveyResponses.review.approve')}
        confirmColor="teal.9"
        confirmTestId="response-approve-confirm"
        onConfirm={() => approve.mutate(comment.trim() || undefined, { onSuccess: close })}
      >
        <Text>{t('surveyResponses.review.approveConfirm')}</Text>
        <Textarea label={t('surveyResponses.review.commentOptional')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={2} data-testid="response-approve-comment" />
      </ConfirmModal>
      <ConfirmModal
        opened={dialog === 'return'}
        onClose={close}
        title={t('surveyResponses.review.returnTitle')}
        action={giveBack}
        confirmLabel={t('surveyResponses.review.return')}
        confirmColor="red.8"
        confirmTestId="response-return-confirm"
        onConfirm={() => {
          if (!comment.trim()) {
            setCommentError(t('surveyResponses.editor.required'));
            return;
          }
          giveBack.mutate(comment.trim(), { onSuccess: close });
        }}
      >
        <Textarea
          label={t('surveyResponses.review.returnComment')}
          required
          value={comment}
          onChange={(e) => {
            setComment(e.currentTarget.value);
            setCommentError(undefined);
          }}
          error={commentError}
          autosize
          minRows={2}
          data-testid="response-return-comment"
        />
      </ConfirmModal>
      <ConfirmModal
        opened={dialog === 'send'}
        onClose={close}
        title={t('surveyResponses.review.sendTitle')}
        action={send}
        confirmLabel={t('surveyResponses.review.send')}
        confirmTestId="response-send-confirm"
        onConfirm={() => send.mutate(undefined, { onSuccess: close })}
      >
        <Text>{t('surveyResponses.review.sendConfirm')}</Text>
      </ConfirmModal>
    </Stack>
  );
}
