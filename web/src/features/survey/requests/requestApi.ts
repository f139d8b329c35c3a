import { useCanApprove, useCanWriteSurvey, useSurveyRole, type RequestBox, type RequestStatus } from '../api';

/** The request and response screens' own pieces; the API itself is typed once in ../api. */

export const REQUEST_BOXES = ['outgoing', 'incoming'] as const satisfies readonly RequestBox[];

/** Kinds of an attached file, as survey.response_files keeps them. */
export const FILE_KINDS = ['chemsherpa', 'ipc1752a', 'spreadsheet', 'sds', 'other'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const PAGE_SIZE = 50;

/** What a request list shows, as kept in the URL. */
export interface RequestListFilter {
  box: RequestBox;
  status: RequestStatus | '';
  q: string;
  page: number;
}

/** What the role may do, as survey's role table grants it (the server checks again). */
export function useSurveyAbilities() {
  const role = useSurveyRole();
  const write = useCanWriteSurvey();
  const approve = useCanApprove();
  /** survey:requests:write and survey:responses:draft go together (org_admin, org_member). */
  return { role, write, draft: write, approve };
}
