import { Alert, Anchor, Box, Button, Card, Group, Stack, Table, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { ResponseStatusBadge } from '../responses/responseLabels';
import { ComplianceOutcome, ResponseView } from '../responses/ResponseView';
import {
  useAcceptResponse,
  useCancelRequest,
  useRequest,
  useResponse,
  useReturnToSupplier,
  useSendRequest,
  useStartResponse,
  type RequestDetail,
  type RequestEvent,
  type RequestPage,
  type ResponseSummary,
} from '../api';
import { useSurveyAbilities } from './requestApi';
import { ActionError, OverdueBadge, RequestStatusBadge } from './requestLabels';
import { ConfirmModal } from './ConfirmModal';
import { UploadLinksPanel } from './UploadLinksPanel';
import { ColumnHeads, RequestItemRows } from '../tableParts';

const NOTICES = ['saved', 'sent', 'cancelled', 'accepted', 'returned', 'link', 'revoked'] as const;
type Notice = (typeof NOTICES)[number];

function noticeFrom(state: unknown): Notice | null {
  if (typeof state !== 'object' || state === null || !('notice' in state)) return null;
  return NOTICES.find((n) => n === state.notice) ?? null;
}

/** Dates of the API as people read them: 2026/12/10. */
export function formatDay(day: string): string {
  return day.replaceAll('-', '/');
}

/**
 * One survey request from either side: the summary, the items, the list snapshot, the history,
 * and the answers — received ones to accept or return (requester), or the own company's answer
 * to draft (supplier).
 */
export function RequestDetailPage() {
  const { requestId = '' } = useParams();
  const { t } = useTranslation();
  const location = useLocation();
  const page = useRequest(requestId);
  usePageTitle(page.data ? page.data.request.title : t('surveyRequests.list.title'));
  const [notice, setNotice] = useState<Notice | null>(noticeFrom(location.state));

  if (page.isPending) return <LoadingState />;
  if (page.isError) {
    if (isApiStatus(page.error, 404) || isApiStatus(page.error, 400)) return <NotFoundContent />;
    return <ErrorAlert error={page.error} onRetry={() => void page.refetch()} />;
  }
  const { request, events } = page.data;
  const outgoing = request.box === 'outgoing';

  return (
    <Stack maw={1100}>
      <Anchor component={Link} to={outgoing ? '/s/survey/requests' : '/s/survey/incoming'} size="sm">
        {t('surveyRequests.detail.back')}
      </Anchor>
      <Group gap="sm">
        <RequestStatusBadge status={request.status} />
        {request.overdue && <OverdueBadge />}
      </Group>
      <Title order={1} data-testid="request-title-heading">
        {request.title}
      </Title>
      {notice && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel={t('surveyRequests.detail.dismiss')} onClose={() => setNotice(null)} data-testid="request-notice">
          {t(`surveyRequests.detail.${notice}Notice`)}
        </Alert>
      )}
      {outgoing ? <OutgoingActions request={request} onDone={setNotice} /> : <IncomingActions page={page.data} />}
      <Summary request={request} />
      <Items request={request} />
      <Snapshot request={request} />
      {outgoing ? <ReceivedResponses page={page.data} onDone={setNotice} /> : <OwnResponses responses={page.data.responses} />}
      {outgoing && request.supplierKind === 'outside' && request.status !== 'draft' && <UploadLinksPanel request={request} links={page.data.links} onDone={setNotice} />}
      <History events={events} />
    </Stack>
  );
}

function Summary({ request }: { request: RequestDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const cell = (label: string, value: string, testId?: string) => (
    <Box>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text data-testid={testId}>{value || '—'}</Text>
    </Box>
  );
  return (
    <Card withBorder component="section" aria-label={t('surveyRequests.detail.summary')}>
      <Stack gap="sm">
        <Group gap="xl" wrap="wrap" align="flex-start">
          {cell(t('surveyRequests.fields.requester'), request.requesterName, 'request-requester')}
          {cell(
            t('surveyRequests.fields.supplier'),
            request.supplierEmail ? `${request.supplierName}（${request.supplierEmail}）` : request.supplierName,
            'request-supplier',
          )}
          {cell(t('surveyRequests.fields.formatWanted'), t(`surveyRequests.format.${request.formatWanted}`))}
          {cell(t('surveyRequests.fields.respondBy'), `${formatDay(request.respondBy)} JST`, 'request-respond-by')}
          {cell(t('surveyRequests.fields.requesterRef'), request.requesterRef)}
          {request.responderRef && cell(t('surveyRequests.fields.responderRef'), request.responderRef)}
          {request.sentAt && cell(t('surveyRequests.fields.sentAt'), formatDateTime(request.sentAt, lang))}
          {request.submittedAt && cell(t('surveyRequests.fields.submittedAt'), formatDateTime(request.submittedAt, lang))}
        </Group>
        {request.message && (
          <Box>
            <Text size="sm" c="dimmed">
              {t('surveyRequests.fields.message')}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="request-message-text">
              {request.message}
            </Text>
          </Box>
        )}
        {request.returnReason && (
          <Alert color="orange" title={t('surveyRequests.detail.returnReason')} data-testid="request-return-reason">
            {request.returnReason}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function Items({ request }: { request: RequestDetail }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" component="section" aria-labelledby="request-items-heading">
      <Title order={2} size="h4" id="request-items-heading">
        {t('surveyRequests.detail.items')}
      </Title>
      <Table.ScrollContainer minWidth={600}>
        <Table striped verticalSpacing="xs" data-testid="request-item-table">
          <ColumnHeads labels={[t('surveyRequests.fields.productNumber'), t('surveyRequests.fields.itemName'), t('surveyRequests.fields.supplierProductNumber')]} />
          <RequestItemRows items={request.items} />
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function Snapshot({ request }: { request: RequestDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const snapshot = request.listSnapshot;
  return (
    <Stack gap="xs" component="section" aria-labelledby="request-snapshot-heading">
      <Title order={2} size="h4" id="request-snapshot-heading">
        {t('surveyRequests.detail.snapshot')}
      </Title>
      {snapshot ? (
        <>
          <Text fw={700} data-testid="request-snapshot-name">
            {t('surveyRequests.detail.snapshotTitle', { name: snapshot.listName, label: snapshot.versionLabel })}
          </Text>
          <Table.ScrollContainer minWidth={600} mah={360}>
            <Table verticalSpacing={4} fz="sm" data-testid="request-snapshot">
              <ColumnHeads labels={[t('surveyRequests.detail.entryName'), t('surveyRequests.detail.cas'), t('surveyRequests.detail.threshold'), t('surveyRequests.detail.basis')]} />
              <Table.Tbody>
                {snapshot.entries.map((entry, index) => (
                  <Table.Tr key={index}>
                    <Table.Td>{entry.name}</Table.Td>
                    <Table.Td>{entry.cas ?? entry.internalId ?? '—'}</Table.Td>
                    <Table.Td>{entry.thresholdPercent.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: 4 })} %</Table.Td>
                    <Table.Td>{entry.basis === 'article' ? t('surveyRequests.detail.basisArticle') : t('surveyRequests.detail.basisMaterial')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      ) : (
        <Text c="dimmed">{request.status === 'draft' && request.listVersionId ? t('surveyRequests.detail.snapshotPending') : t('surveyRequests.detail.snapshotNone')}</Text>
      )}
    </Stack>
  );
}

function History({ events }: { events: RequestEvent[] }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  return (
    <Stack gap="xs" component="section" aria-labelledby="request-history-heading">
      <Title order={2} size="h4" id="request-history-heading">
        {t('surveyRequests.detail.timeline')}
      </Title>
      {events.length === 0 ? (
        <Text c="dimmed">{t('surveyRequests.detail.noEvents')}</Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} data-testid="request-timeline">
          {events.map((event) => {
            const key = `surveyRequests.event.${event.event}`;
            // Events the screen has no word for yet are shown by their code rather than hidden.
            const label = i18n.exists(key) ? i18n.t(key as 'surveyRequests.event.sent') : event.event;
            return (
              <Timeline.Item key={event.id} title={label} data-testid={`request-event-${event.event}`}>
                <Text size="xs" c="dimmed">
                  {formatDateTime(event.at, lang)} · {event.actorCompany} {event.actorName}
                </Text>
                {event.comment && (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {event.comment}
                  </Text>
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Stack>
  );
}

function OutgoingActions({ request, onDone }: { request: RequestDetail; onDone: (notice: Notice) => void }) {
  const { t } = useTranslation();
  const can = useSurveyAbilities();
  const send = useSendRequest();
  const cancel = useCancelRequest();
  const [confirming, setConfirming] = useState<'send' | 'cancel' | null>(null);
  const [reason, setReason] = useState('');
  if (!can.write) return null;
  const cancellable = request.status !== 'accepted' && request.status !== 'cancelled';
  if (request.status !== 'draft' && !cancellable) return null;
  const close = () => {
    setConfirming(null);
    send.reset();
    cancel.reset();
  };

  return (
    <Group>
      {request.status === 'draft' && (
        <>
          <Button component={Link} to={`/s/survey/requests/${request.id}/edit`} variant="default" data-testid="request-edit">
            {t('surveyRequests.detail.edit')}
          </Button>
          <Button onClick={() => setConfirming('send')} data-testid="request-send">
            {t('surveyRequests.detail.send')}
          </Button>
        </>
      )}
      {cancellable && (
        <Button variant="default" color="red" onClick={() => setConfirming('cancel')} data-testid="request-cancel">
          {t('surveyRequests.detail.cancelRequest')}
        </Button>
      )}
      <ConfirmModal
        opened={confirming === 'send'}
        onClose={close}
        title={t('surveyRequests.detail.sendTitle')}
        action={send}
        confirmLabel={t('surveyRequests.detail.sendAction')}
        confirmTestId="request-send-confirm"
        onConfirm={() => send.mutate(request.id, { onSuccess: () => { close(); onDone('sent'); } })}
      >
        <Text>{t('surveyRequests.detail.sendConfirm', { title: request.title, supplier: request.supplierName })}</Text>
      </ConfirmModal>
      <ConfirmModal
        opened={confirming === 'cancel'}
        onClose={close}
        title={t('surveyRequests.detail.cancelTitle')}
        action={cancel}
        confirmLabel={t('surveyRequests.detail.cancelAction')}
        confirmColor="red.8"
        confirmTestId="request-cancel-confirm"
        onConfirm={() => cancel.mutate({ requestId: request.id, ...(reason.trim() ? { reason: reason.trim() } : {}) }, { onSuccess: () => { close(); onDone('cancelled'); } })}
      >
        <Text>{t('surveyRequests.detail.cancelConfirm', { title: request.title })}</Text>
        <Textarea label={t('surveyRequests.detail.cancelReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-testid="request-cancel-reason" />
      </ConfirmModal>
    </Group>
  );
}

/** The response the supplier is working on (not yet sent), if any. */
function openResponse(responses: ResponseSummary[]): ResponseSummary | undefined {
  return responses.find((r) => r.status !== 'sent');
}

function IncomingActions({ page }: { page: RequestPage }) {
  const { t } = useTranslation();
  const can = useSurveyAbilities();
  const navigate = useNavigate();
  const start = useStartResponse();
  const current = openResponse(page.responses);
  const answerable = page.request.status === 'sent' || page.request.status === 'answering' || page.request.status === 'returned';
  if (current) {
    return (
      <Group>
        <Button component={Link} to={`/s/survey/responses/${current.id}`} data-testid="response-open">
          {t('surveyRequests.detail.openResponse')}
        </Button>
      </Group>
    );
  }
  if (!answerable || !can.draft) return null;
  return (
    <Stack gap="xs">
      <Group>
        <Button loading={start.isPending} onClick={() => start.mutate(page.request.id, { onSuccess: (response) => void navigate(`/s/survey/responses/${response.id}`) })} data-testid="response-start">
          {t('surveyRequests.detail.startResponse')}
        </Button>
      </Group>
      {start.isError && <ActionError error={start.error} />}
    </Stack>
  );
}

function OwnResponses({ responses }: { responses: ResponseSummary[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Stack gap="xs" component="section" aria-labelledby="request-responses-heading">
      <Title order={2} size="h4" id="request-responses-heading">
        {t('surveyRequests.detail.ownResponses')}
      </Title>
      {responses.length === 0 ? (
        <Text c="dimmed">{t('surveyRequests.detail.noOwnResponses')}</Text>
      ) : (
        <Table verticalSpacing="xs" data-testid="request-own-responses">
          <ColumnHeads labels={[t('surveyRequests.review.draftedBy'), t('surveyRequests.review.authorizer'), t('surveyRequests.fields.updatedAt'), t('surveyRequests.fields.status')]} />
          <Table.Tbody>
            {responses.map((response) => (
              <Table.Tr key={response.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/s/survey/responses/${response.id}`}>
                    {response.draftedByName || t('surveyRequests.detail.openResponse')}
                  </Anchor>
                </Table.Td>
                <Table.Td>{response.authorizerName || '—'}</Table.Td>
                <Table.Td>{formatDateTime(response.updatedAt, lang)}</Table.Td>
                <Table.Td>
                  <ResponseStatusBadge status={response.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function ReceivedResponses({ page, onDone }: { page: RequestPage; onDone: (notice: Notice) => void }) {
  const { t } = useTranslation();
  const received = page.responses.filter((r) => r.status === 'sent');
  return (
    <Stack gap="sm" component="section" aria-labelledby="request-responses-heading">
      <Title order={2} size="h4" id="request-responses-heading">
        {t('surveyRequests.detail.responses')}
      </Title>
      {received.length === 0 ? (
        <Text c="dimmed" data-testid="request-no-responses">
          {t('surveyRequests.detail.noResponses')}
        </Text>
      ) : (
        received.map((summary) => <ReceivedResponse key={summary.id} request={page.request} summary={summary} onDone={onDone} />)
      )}
    </Stack>
  );
}

function ReceivedResponse({ request, summary, onDone }: { request: RequestDetail; summary: ResponseSummary; onDone: (notice: Notice) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useSurveyAbilities();
  const detail = useResponse(summary.id);
  const accept = useAcceptResponse();
  const giveBack = useReturnToSupplier();
  const [dialog, setDialog] = useState<'accept' | 'return' | null>(null);
  const [text, setText] = useState('');
  const [textError, setTextError] = useState<string | undefined>();
  const decidable = request.status === 'submitted' && request.acceptedResponseId === null;
  const accepted = request.acceptedResponseId === summary.id;
  const close = () => {
    setDialog(null);
    setText('');
    setTextError(undefined);
    accept.reset();
    giveBack.reset();
  };

  return (
    <Card withBorder data-testid={`received-response-${summary.id}`}>
      <Stack>
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Text fw={700} data-testid="received-response-company">
              {summary.responderCompany}
            </Text>
            <Text size="sm" c="dimmed">
              {[summary.sentAt ? `${t('surveyRequests.review.sentAt')}: ${formatDateTime(summary.sentAt, lang)}` : '', summary.authorizerName ? `${t('surveyRequests.review.authorizer')}: ${summary.authorizerName}` : '']
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </Stack>
          <Group gap="xs">
            {accepted && (
              <Text c="teal.9" fw={700} size="sm" data-testid="received-response-accepted">
                {t('surveyRequests.review.accepted')}
              </Text>
            )}
            {detail.data && <ComplianceOutcome response={detail.data.response} />}
          </Group>
        </Group>
        {detail.isPending ? <LoadingState /> : detail.isError ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : <ResponseView response={detail.data.response} />}
        {decidable &&
          (can.approve ? (
            <Group justify="flex-end">
              <Button variant="default" color="red" onClick={() => setDialog('return')} data-testid="received-response-return">
                {t('surveyRequests.review.return')}
              </Button>
              <Button color="teal.9" onClick={() => setDialog('accept')} data-testid="received-response-accept">
                {t('surveyRequests.review.accept')}
              </Button>
            </Group>
          ) : (
            <Alert color="blue" data-testid="received-response-reviewer-only">
              {t('surveyRequests.review.reviewerOnly')}
            </Alert>
          ))}
      </Stack>
      <ConfirmModal
        opened={dialog === 'accept'}
        onClose={close}
        title={t('surveyRequests.review.acceptTitle')}
        action={accept}
        confirmLabel={t('surveyRequests.review.acceptAction')}
        confirmColor="teal.9"
        confirmTestId="accept-confirm"
        onConfirm={() => accept.mutate({ requestId: request.id, responseId: summary.id, ...(text.trim() ? { comment: text.trim() } : {}) }, { onSuccess: () => { close(); onDone('accepted'); } })}
      >
        <Text>{t('surveyRequests.review.acceptConfirm', { company: summary.responderCompany })}</Text>
        <Textarea label={t('surveyRequests.review.comment')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} data-testid="accept-comment" />
      </ConfirmModal>
      <ConfirmModal
        opened={dialog === 'return'}
        onClose={close}
        title={t('surveyRequests.review.returnTitle')}
        action={giveBack}
        confirmLabel={t('surveyRequests.review.returnAction')}
        confirmColor="red.8"
        confirmTestId="return-confirm"
        onConfirm={() => {
          if (!text.trim()) {
            setTextError(t('surveyRequests.form.required'));
            return;
          }
          giveBack.mutate({ requestId: request.id, responseId: summary.id, reason: text.trim() }, { onSuccess: () => { close(); onDone('returned'); } });
        }}
      >
        <TextInput
          label={t('surveyRequests.review.returnLabel')}
          required
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setTextError(undefined);
          }}
          error={textError}
          data-testid="return-reason"
        />
      </ConfirmModal>
    </Card>
  );
}
