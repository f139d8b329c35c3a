import { Anchor, List, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useServices } from '../../../data/services';
import { useLang } from '../../../i18n/useLang';
import { formatIsoDate, type SecurityFacts } from './api';
import { passwordRuleLines } from './passwordRule';
import { Section, SecurityDocument } from './SecurityDocument';

/** AWS regions in Japan by name; any other region is shown by its code. */
const REGION_NAMES = { 'ap-northeast-1': 'securityPages.whitePaper.location.regionNames.tokyo', 'ap-northeast-3': 'securityPages.whitePaper.location.regionNames.osaka' } as const;

function isNamedRegion(region: string): region is keyof typeof REGION_NAMES {
  return region in REGION_NAMES;
}

/** Each service with its roles and a link to its help page (role/permission table and important operations). */
function ServiceHelpLinks() {
  const { t } = useTranslation();
  const lang = useLang();
  const services = useServices();
  if (!services.data) return null;
  return (
    <List spacing="xs" data-testid="service-help-links">
      {services.data.map((service) => (
        <List.Item key={service.id}>
          <Text fw={500} span>
            {service.name[lang]}
          </Text>
          <Text size="sm">{t('securityPages.whitePaper.access.roles', { roles: service.roles.map((role) => role.name[lang]).join(t('securityPages.whitePaper.password.classSeparator')) })}</Text>
          <Text size="sm">{t(`service.memberManagement.${service.memberManagement}`)}</Text>
          <Anchor component={Link} to={`/s/${service.id}`} size="sm">
            {t('securityPages.whitePaper.access.helpLink', { service: service.name[lang] })}
          </Anchor>
        </List.Item>
      ))}
    </List>
  );
}

function WhitePaperBody({ facts }: { facts: SecurityFacts }) {
  const { t } = useTranslation();
  const w = 'securityPages.whitePaper';
  const { session, backup, deletion, incidents, dataLocation, encryption } = facts;
  const region = dataLocation.region;

  return (
    <Stack gap="xl">
      <Section id="policy" title={t(`${w}.policy.title`)} clause={t(`${w}.policy.clause`)}>
        <Text>{t(`${w}.policy.body`)}</Text>
        <List size="sm">
          <List.Item>
            <Anchor component={Link} to="/security/responsibility">
              {t(`${w}.policy.responsibilityLink`)}
            </Anchor>
          </List.Item>
          <List.Item>
            <Anchor component={Link} to="/terms">
              {t(`${w}.policy.termsLink`)}
            </Anchor>
          </List.Item>
        </List>
      </Section>

      <Section id="access" title={t(`${w}.access.title`)} clause={t(`${w}.access.clause`)}>
        <Text>{t(`${w}.access.body`)}</Text>
        <Text fw={500}>{t(`${w}.access.services`)}</Text>
        <ServiceHelpLinks />
        <Text data-testid="session-rule">
          {t(`${w}.access.session`, {
            idle: session.idleMinutes,
            absolute: session.absoluteHours,
            idleMin: session.tenantBounds.idleMinutes.min,
            idleMax: session.tenantBounds.idleMinutes.max,
            absMin: session.tenantBounds.absoluteHours.min,
            absMax: session.tenantBounds.absoluteHours.max,
          })}
        </Text>
        <Text>{t(`${w}.access.isolation`)}</Text>
      </Section>

      <Section id="password" title={t(`${w}.password.title`)} clause={t(`${w}.password.clause`)}>
        <Text>{t(`${w}.password.intro`)}</Text>
        <List data-testid="password-rule">
          {passwordRuleLines(facts.passwordPolicy, t).map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
        <Text>{t(`${w}.password.change`)}</Text>
      </Section>

      <Section id="mfa" title={t(`${w}.mfa.title`)} clause={t(`${w}.mfa.clause`)}>
        <Text>{t(`${w}.mfa.intro`)}</Text>
        <List data-testid="mfa-methods">
          {facts.mfa.methods.map((method) => (
            <List.Item key={method}>{t(`${w}.mfa.methods.${method}`)}</List.Item>
          ))}
        </List>
        {facts.mfa.tenantMayRequire && <Text>{t(`${w}.mfa.tenantRequire`)}</Text>}
        {facts.mfa.staffAlwaysRequired && <Text>{t(`${w}.mfa.staff`)}</Text>}
      </Section>

      <Section id="backup" title={t(`${w}.backup.title`)} clause={t(`${w}.backup.clause`)}>
        <Text data-testid="backup-rule">{t(`${w}.backup.rule`, { interval: backup.intervalMinutes, days: backup.retentionDays })}</Text>
        <Text>{t(`${w}.backup.purpose`)}</Text>
      </Section>

      <Section id="logs" title={t(`${w}.logs.title`)} clause={t(`${w}.logs.clause`)}>
        <Text>{t(`${w}.logs.body`)}</Text>
        <Table withTableBorder maw={560} data-testid="log-retention">
          <Table.Caption>{t(`${w}.logs.caption`)}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t(`${w}.logs.type`)}</Table.Th>
              <Table.Th scope="col">{t(`${w}.logs.period`)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {facts.logRetention.map((row) => (
              <Table.Tr key={row.recordType} data-testid={`retention-${row.recordType}`}>
                <Table.Th scope="row" fw={400}>
                  {t(`${w}.logs.types.${row.recordType}`)}
                </Table.Th>
                <Table.Td>{t(`${w}.logs.days`, { days: row.retainDays.toLocaleString('ja-JP') })}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr data-testid="retention-backups">
              <Table.Th scope="row" fw={400}>
                {t(`${w}.logs.types.backups`)}
              </Table.Th>
              <Table.Td>{t(`${w}.logs.days`, { days: backup.retentionDays.toLocaleString('ja-JP') })}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Text size="sm">{t(`${w}.logs.hold`)}</Text>
      </Section>

      <Section id="time" title={t(`${w}.time.title`)} clause={t(`${w}.time.clause`)}>
        <Text>{t(`${w}.time.body`)}</Text>
      </Section>

      <Section id="encryption" title={t(`${w}.encryption.title`)} clause={t(`${w}.encryption.clause`)}>
        {encryption.perTenantKeys && <Text data-testid="encryption-rule">{t(`${w}.encryption.atRest`, { algorithm: encryption.algorithm })}</Text>}
        <Text>{encryption.httpsPublicUrl ? t(`${w}.encryption.https`) : t(`${w}.encryption.notHttps`)}</Text>
        <Text>{t(`${w}.encryption.export`)}</Text>
      </Section>

      <Section id="location" title={t(`${w}.location.title`)} clause={t(`${w}.location.clause`)}>
        <Text>{t(`${w}.location.body`)}</Text>
        <Text data-testid="storage-location">
          {dataLocation.fileStorage === 's3' && region !== null
            ? t(`${w}.location.s3`, { region: isNamedRegion(region) ? t(REGION_NAMES[region]) : region })
            : t(`${w}.location.local`)}
        </Text>
      </Section>

      <Section id="deletion" title={t(`${w}.deletion.title`)} clause={t(`${w}.deletion.clause`)}>
        <Text data-testid="deletion-rule">{t(`${w}.deletion.rule`, { months: deletion.afterMonths })}</Text>
        <List size="sm">
          {deletion.examples.map((example) => (
            <List.Item key={example.endsOn}>{t(`${w}.deletion.example`, { end: formatIsoDate(example.endsOn), from: formatIsoDate(example.deletableFrom) })}</List.Item>
          ))}
        </List>
        <Text>{t(`${w}.deletion.reminders`, { days: deletion.reminderDaysBefore.join(t(`${w}.password.classSeparator`)) })}</Text>
        <Text>{t(`${w}.deletion.logs`)}</Text>
        <Text>{t(`${w}.deletion.export`)}</Text>
      </Section>

      <Section id="maintenance" title={t(`${w}.maintenance.title`)} clause={t(`${w}.maintenance.clause`)}>
        <Text data-testid="maintenance-rule">{t(`${w}.maintenance.body`, { days: facts.maintenance.noticeLeadDays })}</Text>
        <Text size="sm">{t(`${w}.maintenance.urgent`)}</Text>
      </Section>

      <Section id="incidents" title={t(`${w}.incidents.title`)} clause={t(`${w}.incidents.clause`)}>
        <Text>{t(`${w}.incidents.intro`)}</Text>
        <List data-testid="incident-rule">
          <List.Item>{t(`${w}.incidents.inHours`, { hours: incidents.notifyWithinHours })}</List.Item>
          <List.Item>{t(`${w}.incidents.outOfHours`, { hours: incidents.notifyWithinHours, start: incidents.businessHours.startHour })}</List.Item>
        </List>
        <Text size="sm">{t(`${w}.incidents.businessHours`, { start: incidents.businessHours.startHour, end: incidents.businessHours.endHour })}</Text>
      </Section>

      <Section id="reporting" title={t(`${w}.reporting.title`)} clause={t(`${w}.reporting.clause`)}>
        <Text>{t(`${w}.reporting.body`)}</Text>
        <Text>
          {t(`${w}.reporting.email`)}
          <Anchor href={`mailto:${facts.contact.securityEmail}`} data-testid="white-paper-contact">
            {facts.contact.securityEmail}
          </Anchor>
        </Text>
        <Anchor component={Link} to={facts.contact.reportFormPath} data-testid="white-paper-report-link">
          {t(`${w}.reporting.form`)}
        </Anchor>
      </Section>
    </Stack>
  );
}

/** `/security`: the security white paper, every figure read from the running system. */
export function WhitePaperPage() {
  const { t } = useTranslation();
  return (
    <SecurityDocument title={t('securityPages.whitePaper.title')} intro={t('securityPages.whitePaper.intro')} testId="white-paper">
      {(facts) => <WhitePaperBody facts={facts} />}
    </SecurityDocument>
  );
}
