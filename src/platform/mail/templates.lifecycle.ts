// import { defineTemplate } from './defineTemplate.js';

/** Mails of the lifecycle area (owned by that module's work; add templates with defineTemplate). */
export const lifecycleMailTemplates = {} as const;
