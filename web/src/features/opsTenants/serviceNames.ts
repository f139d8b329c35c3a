import type { Lang } from '../../i18n';
import type { ServiceDefinition, ServiceId } from '../../data/services';

/** A service's name in `lang`, or its id while the definitions load. */
export function serviceName(services: readonly ServiceDefinition[] | undefined, id: ServiceId, lang: Lang): string {
  return services?.find((s) => s.id === id)?.name[lang] ?? id;
}
