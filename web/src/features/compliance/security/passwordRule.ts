import type { TFunction } from 'i18next';
import type { SecurityFacts } from './api';

/** The password rule as the lines the white paper lists, in the UI language. */
export function passwordRuleLines(rule: SecurityFacts['passwordPolicy'], t: TFunction): string[] {
  const p = 'securityPages.whitePaper.password';
  const classes = rule.requiredClasses.map((c) => t(`${p}.classNames.${c}`)).join(t(`${p}.classSeparator`));
  return [
    t(`${p}.length`, { min: rule.minLength, max: rule.maxLength }),
    t(`${p}.charset`, { symbols: rule.symbols }),
    ...(classes ? [t(`${p}.classes`, { classes })] : []),
    ...(rule.rejectsEmailLocalPart ? [t(`${p}.emailLocalPart`)] : []),
    ...(rule.rejectsCommonPasswords ? [t(`${p}.common`)] : []),
  ];
}
