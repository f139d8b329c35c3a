import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/app.js';
import { AppError } from '../../src/core/errors.js';
import { authorizeMemberAction, memberPolicy, type MemberAction } from '../../src/platform/members/index.js';
import { ServiceRegistry, type ServiceId } from '../../src/platform/services/index.js';

const registry = new ServiceRegistry(SERVICES);
const ACTIONS: MemberAction[] = ['add', 'invite', 'changeRole', 'remove'];

/** What each role may do to its own service's members (white paper 9.2.1, 9.4.1). */
const EXPECTED: Record<ServiceId, Record<string, MemberAction[]>> = {
  process: { admin: ['add', 'changeRole', 'remove'], member: [] },
  catalog: { admin: ['invite', 'changeRole', 'remove'], editor: [], viewer: [] },
  survey: { org_admin: [], org_reviewer: [], org_member: [] },
};

function refusal(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(403);
    return (error as AppError).code;
  }
}

describe('member policy per service (pure)', () => {
  it('covers every role of every service', () => {
    for (const s of registry.services) expect(Object.keys(EXPECTED[s.id]).sort()).toEqual(s.roles.map((r) => r.id).sort());
  });

  for (const [service, roles] of Object.entries(EXPECTED) as [ServiceId, Record<string, MemberAction[]>][]) {
    for (const [role, allowed] of Object.entries(roles)) {
      it(`${service} ${role}: allows exactly ${allowed.join(', ') || 'nothing'}`, () => {
        const policy = memberPolicy(registry, [{ service, role }], service);
        for (const action of ACTIONS) {
          const code = refusal(() => authorizeMemberAction(policy, action));
          if (allowed.includes(action)) expect(code, action).toBeUndefined();
          else expect(code, action).toBeDefined();
        }
        expect(policy.view).toBe(registry.role(service, role)?.admin === true);
      });
    }
  }

  it('says why: staff-managed, invitation-only, add-only, or no permission', () => {
    const surveyAdmin = memberPolicy(registry, [{ service: 'survey', role: 'org_admin' }], 'survey');
    expect(refusal(() => authorizeMemberAction(surveyAdmin, 'add'))).toBe('members.staff_managed');
    expect(refusal(() => authorizeMemberAction(surveyAdmin, 'remove'))).toBe('members.staff_managed');
    const catalogAdmin = memberPolicy(registry, [{ service: 'catalog', role: 'admin' }], 'catalog');
    expect(refusal(() => authorizeMemberAction(catalogAdmin, 'add'))).toBe('members.invitation_only');
    const processAdmin = memberPolicy(registry, [{ service: 'process', role: 'admin' }], 'process');
    expect(refusal(() => authorizeMemberAction(processAdmin, 'invite'))).toBe('members.direct_add_only');
    const editor = memberPolicy(registry, [{ service: 'catalog', role: 'editor' }], 'catalog');
    expect(refusal(() => authorizeMemberAction(editor, 'invite'))).toBe('auth.forbidden');
  });

  it('grants nothing in a service from an admin role in another', () => {
    const policy = memberPolicy(registry, [{ service: 'process', role: 'admin' }], 'catalog');
    expect(policy).toMatchObject({ view: false, add: false, invite: false, changeRole: false, remove: false });
  });
});
