// import { defineTemplate } from './defineTemplate.js';

/** Mails of the tenants area (owned by that module's work; add templates with defineTemplate). */
export const tenantMailTemplates = {} as const;
