import { ActionIcon, Alert, Anchor, Box, Button, Card, FileButton, Group, List, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { formatDateTime } from '../../../format';
import type { Lang } from '../../../i18n';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import {
  inquiryAttachmentUrl,
  uploadInquiryAttachment,
  useCatalogRole,
  useCloseInquiry,
  useInquiry,
  useReplyInquiry,
  type InquiryAttachment,
  type InquiryMessage,
  type InquirySummary,
} from '../api';
import { BODY_MAX } from './inquiryLimits';
import { InquiryKindBadge, InquiryStatusBadge } from './inquiryLabels';

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** 1536 → "1.5 KB": a file's size as people read it, with separators of the UI language. */
function formatFileSize(bytes: number, lang: Lang): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${value.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${UNITS[unit]}`;
}

function isSentState(state: unknown): boolean {
  return typeof state === 'object' && state !== null && 'sent' in state && state.sent === true;
}

/** 問い合わせのスレッド: the messages of both sides (own on the right), attachments, the reply box and closing. */
export function InquiryThreadPage() {
  const { inquiryId = '' } = useParams();
  const { t } = useTranslation();
  const role = useCatalogRole();
  const location = useLocation();
  const thread = useInquiry(inquiryId);
  usePageTitle(thread.data ? thread.data.inquiry.subject : t('catalogInquiries.list.title'));
  const [notice, setNotice] = useState<string | null>(isSentState(location.state) ? t('catalogInquiries.thread.sentNotice') : null);

  if (thread.isPending) return <LoadingState />;
  if (thread.isError) {
    if (isApiStatus(thread.error, 404) || isApiStatus(thread.error, 400)) return <NotFoundContent />;
    return <ErrorAlert error={thread.error} onRetry={() => void thread.refetch()} />;
  }
  const { inquiry, messages } = thread.data;
  // catalog:inquiries:write belongs to admins and editors; the server checks it again.
  const writer = role === 'admin' || role === 'editor';

  return (
    <Stack maw={960}>
      <Anchor component={Link} to={`/s/catalog/inquiries${inquiry.box === 'received' ? '?box=received' : ''}`} size="sm">
        {t('catalogInquiries.thread.back')}
      </Anchor>
      <ThreadHeader inquiry={inquiry} />
      {notice && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel={t('catalogInquiries.thread.dismiss')} onClose={() => setNotice(null)} data-testid="inquiry-notice">
          {notice}
        </Alert>
      )}
      <Stack component="section" aria-label={t('catalogInquiries.thread.messages')} gap="sm" data-testid="inquiry-messages">
        {messages.map((message) => (
          <MessageCard key={message.id} inquiryId={inquiry.id} message={message} />
        ))}
      </Stack>
      {inquiry.status === 'closed' ? (
        <Alert color="gray" title={t('catalogInquiries.thread.closedTitle')} data-testid="inquiry-closed-note">
          {t('catalogInquiries.thread.closedNote')}
        </Alert>
      ) : writer ? (
        <ReplyBox inquiry={inquiry} onSent={setNotice} />
      ) : (
        <Alert color="blue" title={t('catalogInquiries.thread.viewerTitle')} data-testid="inquiry-viewer-note">
          {t('catalogInquiries.thread.viewerNote')}
        </Alert>
      )}
    </Stack>
  );
}

function ThreadHeader({ inquiry }: { inquiry: InquirySummary }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Stack gap="xs">
      <Group gap="sm" align="center">
        <InquiryKindBadge kind={inquiry.kind} />
        <InquiryStatusBadge status={inquiry.status} />
      </Group>
      <Title order={1} data-testid="inquiry-subject-title">
        {inquiry.subject}
      </Title>
      <Card withBorder padding="sm">
        <Group gap="xl" wrap="wrap">
          <Box>
            <Text size="sm" c="dimmed">
              {t(`catalogInquiries.fields.counterpart.${inquiry.box}`)}
            </Text>
            <Text data-testid="inquiry-counterpart">{inquiry.counterpart.name}</Text>
          </Box>
          <Box>
            <Text size="sm" c="dimmed">
              {t('catalogInquiries.fields.product')}
            </Text>
            {inquiry.product ? (
              <Anchor component={Link} to={`/s/catalog/p/${inquiry.product.id}`} data-testid="inquiry-product-name">
                {inquiry.product.name}
              </Anchor>
            ) : (
              <Text data-testid="inquiry-product-name">{t('catalogInquiries.list.noProduct')}</Text>
            )}
          </Box>
          <Box>
            <Text size="sm" c="dimmed">
              {t('catalogInquiries.fields.createdAt')}
            </Text>
            <Text>{formatDateTime(inquiry.createdAt, lang)}</Text>
          </Box>
        </Group>
      </Card>
    </Stack>
  );
}

function MessageCard({ inquiryId, message }: { inquiryId: string; message: InquiryMessage }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Group justify={message.own ? 'flex-end' : 'flex-start'} data-testid={message.own ? 'inquiry-message-own' : 'inquiry-message-other'}>
      <Paper
        withBorder
        p="sm"
        w={{ base: '100%', sm: '80%' }}
        bg={message.own ? 'blue.0' : undefined}
        component="article"
        aria-label={t('catalogInquiries.thread.messageLabel', { author: message.authorName, company: message.companyName })}
      >
        <Group justify="space-between" gap="xs" mb={4}>
          <Text size="sm" fw={700}>
            {message.own ? t('catalogInquiries.thread.ownAuthor', { author: message.authorName }) : `${message.companyName} ${message.authorName}`}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(message.createdAt, lang)}
          </Text>
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="inquiry-message-body">
          {message.body}
        </Text>
        {message.attachments.length > 0 && (
          <List size="sm" mt="xs" aria-label={t('catalogInquiries.thread.attachments')} data-testid="inquiry-message-attachments">
            {message.attachments.map((file) => (
              <List.Item key={file.fileId}>
                <Anchor href={inquiryAttachmentUrl(inquiryId, file.fileId)} download={file.name} data-testid="inquiry-attachment-link">
                  {file.name}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  ({formatFileSize(file.bytes, lang)})
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Paper>
    </Group>
  );
}

function ReplyBox({ inquiry, onSent }: { inquiry: InquirySummary; onSent: (notice: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const upload = useMutation({ mutationFn: (file: File) => uploadInquiryAttachment(inquiry.id, file) });
  const reply = useReplyInquiry(inquiry.id);
  const close = useCloseInquiry(inquiry.id);
  const [body, setBody] = useState('');
  const [bodyError, setBodyError] = useState<string | undefined>();
  const [attachments, setAttachments] = useState<InquiryAttachment[]>([]);
  const [confirmingClose, setConfirmingClose] = useState(false);

  const attach = (files: File[]) => {
    upload.reset();
    // One at a time, so a failure names the file it concerns and the earlier ones stay attached.
    void files.reduce<Promise<void>>(
      (previous, file) =>
        previous.then(() =>
          upload.mutateAsync(file).then(
            (attachment) => setAttachments((current) => [...current, attachment]),
            () => undefined,
          ),
        ),
      Promise.resolve(),
    );
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setBodyError(t('catalogInquiries.create.required'));
      document.getElementById('inquiry-reply-body')?.focus();
      return;
    }
    if (body.length > BODY_MAX) {
      setBodyError(t('catalogInquiries.create.tooLong', { max: BODY_MAX.toLocaleString() }));
      document.getElementById('inquiry-reply-body')?.focus();
      return;
    }
    reply.mutate(
      { body, ...(attachments.length > 0 ? { attachmentFileIds: attachments.map((a) => a.fileId) } : {}) },
      {
        onSuccess: () => {
          setBody('');
          setAttachments([]);
          onSent(t('catalogInquiries.thread.repliedNotice'));
        },
      },
    );
  };

  // A variable, not a literal: data-* attributes are valid on the input but not in its props type.
  const attachInputProps = { 'aria-label': t('catalogInquiries.thread.attach'), 'data-testid': 'inquiry-attach-input' };
  const serverBodyError = reply.error instanceof ApiError ? reply.error.fields.body : undefined;

  return (
    <Card withBorder component="section" aria-labelledby="inquiry-reply-heading">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4" id="inquiry-reply-heading">
            {t('catalogInquiries.thread.replyHeading')}
          </Title>
          {reply.isError && <ErrorAlert error={reply.error} fieldsShownInline={['body']} />}
          <Textarea
            id="inquiry-reply-body"
            label={t('catalogInquiries.thread.replyLabel')}
            autosize
            minRows={4}
            value={body}
            onChange={(e) => {
              setBody(e.currentTarget.value);
              setBodyError(undefined);
            }}
            error={bodyError ?? serverBodyError}
            data-testid="inquiry-reply-body"
          />
          <Stack gap="xs">
            <Group gap="sm">
              <FileButton onChange={attach} multiple inputProps={attachInputProps}>
                {(props) => (
                  <Button {...props} variant="light" loading={upload.isPending} data-testid="inquiry-attach">
                    {t('catalogInquiries.thread.attach')}
                  </Button>
                )}
              </FileButton>
              <Text size="xs" c="dimmed">
                {t('catalogInquiries.thread.attachHint')}
              </Text>
            </Group>
            {upload.isError && <ErrorAlert error={upload.error} />}
            {attachments.length > 0 && (
              <List size="sm" aria-label={t('catalogInquiries.thread.pendingAttachments')} data-testid="inquiry-pending-attachments">
                {attachments.map((file) => (
                  <List.Item key={file.fileId}>
                    <Group gap={4}>
                      <Text size="sm">
                        {file.name} ({formatFileSize(file.bytes, lang)})
                      </Text>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="sm"
                        aria-label={t('catalogInquiries.thread.removeAttachment', { name: file.name })}
                        onClick={() => setAttachments((current) => current.filter((a) => a.fileId !== file.fileId))}
                      >
                        <span aria-hidden="true">×</span>
                      </ActionIcon>
                    </Group>
                  </List.Item>
                ))}
              </List>
            )}
          </Stack>
          <Group justify="space-between">
            <Button variant="default" color="red" onClick={() => setConfirmingClose(true)} data-testid="inquiry-close">
              {t('catalogInquiries.thread.close')}
            </Button>
            <Button type="submit" loading={reply.isPending} disabled={upload.isPending} data-testid="inquiry-reply-submit">
              {t('catalogInquiries.thread.send')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Modal opened={confirmingClose} onClose={() => setConfirmingClose(false)} title={t('catalogInquiries.thread.closeTitle')} centered>
        <Stack>
          <Text>{t('catalogInquiries.thread.closeConfirm', { subject: inquiry.subject })}</Text>
          {close.isError && <ErrorAlert error={close.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmingClose(false)}>
              {t('catalogInquiries.create.cancel')}
            </Button>
            <Button
              color="red"
              loading={close.isPending}
              onClick={() =>
                close.mutate(undefined, {
                  onSuccess: () => {
                    setConfirmingClose(false);
                    onSent(t('catalogInquiries.thread.closedNotice'));
                  },
                })
              }
              data-testid="inquiry-close-confirm"
            >
              {t('catalogInquiries.thread.closeAction')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
