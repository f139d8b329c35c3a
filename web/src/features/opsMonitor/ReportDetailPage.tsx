import { Alert, Anchor, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, isApiStatus } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import classes from './reports.module.css';
import { ReportStatusBadge } from './ReportStatusBadge';
import { REPORT_STATUSES, useAddReportNote, useAssignReport, useChangeReportStatus, useReportDetail, type ReportDetail, type ReportStatus } from './reportsApi';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" className={classes.preWrap}>
        {children}
      </Text>
    </div>
  );
}

/** Status and assignee, each changed on its own and written to the operator log. */
function TriagePanel({ report, assignees, notify }: { report: ReportDetail; assignees: { id: string; displayName: string }[]; notify: (message: string) => void }) {
  const { t } = useTranslation();
  const changeStatus = useChangeReportStatus(report.id);
  const assign = useAssignReport(report.id);
  const [status, setStatus] = useState<ReportStatus>(report.status);
  const [assignee, setAssignee] = useState(report.assignee?.id ?? '');
  const error = changeStatus.error ?? assign.error;
  return (
    <Card withBorder component="section" aria-labelledby="report-triage">
      <Title order={2} size="h4" id="report-triage" mb="xs">
        {t('opsMonitor.reports.detail.triage')}
      </Title>
      <Stack gap="sm">
        {error && <ErrorAlert error={error} />}
        <Group align="flex-end">
          <NativeSelect
            label={t('opsMonitor.reports.statusLabel')}
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as ReportStatus)}
            data={REPORT_STATUSES.map((s) => ({ value: s, label: t(`opsMonitor.reports.status.${s}`) }))}
            data-testid="report-status-select"
          />
          <Button
            variant="default"
            disabled={status === report.status}
            loading={changeStatus.isPending}
            onClick={() => {
              assign.reset();
              changeStatus.mutate(status, { onSuccess: () => notify(t('opsMonitor.reports.detail.statusChanged', { status: t(`opsMonitor.reports.status.${status}`) })) });
            }}
            data-testid="report-status-submit"
          >
            {t('opsMonitor.reports.detail.changeStatus')}
          </Button>
        </Group>
        <Group align="flex-end">
          <NativeSelect
            label={t('opsMonitor.reports.assignee')}
            value={assignee}
            onChange={(event) => setAssignee(event.currentTarget.value)}
            data={[{ value: '', label: t('opsMonitor.reports.unassigned') }, ...assignees.map((a) => ({ value: a.id, label: a.displayName }))]}
            data-testid="report-assignee-select"
          />
          <Button
            variant="default"
            disabled={assignee === (report.assignee?.id ?? '')}
            loading={assign.isPending}
            onClick={() => {
              changeStatus.reset();
              assign.mutate(assignee === '' ? null : assignee, {
                onSuccess: () => notify(assignee === '' ? t('opsMonitor.reports.detail.unassignedDone') : t('opsMonitor.reports.detail.assigned', { name: assignees.find((a) => a.id === assignee)?.displayName ?? '' })),
              });
            }}
            data-testid="report-assignee-submit"
          >
            {t('opsMonitor.reports.detail.assign')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function NoteForm({ reportId, notify }: { reportId: string; notify: (message: string) => void }) {
  const { t } = useTranslation();
  const add = useAddReportNote(reportId);
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (body.trim() === '') {
      setProblem(t('validation.required'));
      return;
    }
    add.mutate(body, {
      onSuccess: () => {
        setBody('');
        notify(t('opsMonitor.reports.detail.noteAdded'));
      },
      onError: (error) => error instanceof ApiError && setProblem(error.fields.body),
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        {add.isError && <ErrorAlert error={add.error} fieldsShownInline={['body']} />}
        <Textarea
          label={t('opsMonitor.reports.detail.noteLabel')}
          autosize
          minRows={3}
          maxLength={5000}
          value={body}
          error={problem}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            setProblem(undefined);
          }}
          data-testid="report-note"
        />
        <Group>
          <Button type="submit" loading={add.isPending} data-testid="report-note-submit">
            {t('opsMonitor.reports.detail.addNote')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** `/ops/reports/:reportId`: one report, its triage (status, assignee) and staff notes. */
export function ReportDetailPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { reportId = '' } = useParams();
  const detail = useReportDetail(reportId);
  const [notice, setNotice] = useState<string | null>(null);
  usePageTitle(detail.data ? detail.data.report.reference : t('opsMonitor.reports.inbox.title'));

  if (detail.isPending) return <LoadingState />;
  if (isApiStatus(detail.error, 404) || isApiStatus(detail.error, 400)) {
    return (
      <Alert color="yellow" title={t('opsMonitor.reports.detail.notFoundTitle')} data-testid="report-not-found">
        {t('opsMonitor.reports.detail.notFoundBody')}{' '}
        <Anchor component={Link} to="/ops/reports">
          {t('opsMonitor.reports.detail.back')}
        </Anchor>
      </Alert>
    );
  }
  if (detail.isError) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  const { report, assignees, canManage } = detail.data;

  return (
    <Stack>
      <Anchor component={Link} to="/ops/reports" size="sm">
        {t('opsMonitor.reports.detail.back')}
      </Anchor>
      <div>
        <Text ff="monospace" c="dimmed" data-testid="report-detail-reference">
          {report.reference}
        </Text>
        <Group gap="sm">
          <Title order={1} className={classes.preWrap}>
            {report.subject}
          </Title>
          <ReportStatusBadge status={report.status} />
        </Group>
      </div>
      {notice && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel={t('opsMonitor.reports.close')} onClose={() => setNotice(null)} data-testid="report-notice">
          {notice}
        </Alert>
      )}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Fact label={t('opsMonitor.reports.receivedAt')}>{formatDateTime(report.receivedAt, lang, { withZone: true })}</Fact>
          <Fact label={t('opsMonitor.reports.detail.reporter')}>{report.reporterName ?? t('opsMonitor.reports.detail.anonymous')}</Fact>
          <Fact label={t('opsMonitor.reports.detail.reporterEmail')}>
            {report.reporterEmail ? <Anchor href={`mailto:${report.reporterEmail}`}>{report.reporterEmail}</Anchor> : t('opsMonitor.reports.detail.noContact')}
          </Fact>
          <Fact label={t('opsMonitor.reports.detail.affected')}>{report.affected ?? t('opsMonitor.reports.detail.notGiven')}</Fact>
          <Fact label={t('opsMonitor.reports.detail.lang')}>{t(`language.${report.lang}`)}</Fact>
          <Fact label={t('opsMonitor.reports.assignee')}>{report.assignee?.displayName ?? t('opsMonitor.reports.unassigned')}</Fact>
        </SimpleGrid>
      </Card>
      <Card withBorder component="section" aria-labelledby="report-description">
        <Title order={2} size="h4" id="report-description" mb="xs">
          {t('opsMonitor.reports.detail.description')}
        </Title>
        <Text className={classes.preWrap} data-testid="report-detail-description">
          {report.description}
        </Text>
      </Card>
      {canManage && <TriagePanel key={`${report.status}-${report.assignee?.id ?? ''}`} report={report} assignees={assignees} notify={setNotice} />}
      <Card withBorder component="section" aria-labelledby="report-notes">
        <Title order={2} size="h4" id="report-notes" mb="xs">
          {t('opsMonitor.reports.detail.notes')}
        </Title>
        <Stack>
          {report.noteList.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('opsMonitor.reports.detail.noNotes')}
            </Text>
          ) : (
            <Timeline bulletSize={12} lineWidth={2} data-testid="report-note-list">
              {report.noteList.map((note) => (
                <Timeline.Item key={note.id} title={`${note.staffName} · ${formatDateTime(note.createdAt, lang)}`}>
                  <Text size="sm" className={classes.preWrap}>
                    {note.body}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
          {canManage && <NoteForm reportId={report.id} notify={setNotice} />}
        </Stack>
      </Card>
    </Stack>
  );
}
