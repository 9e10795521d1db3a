import {
  actionParameterSchemas,
  safeParseParameters,
  worklistItemSchema,
  type ActionEnvelope,
  type Reply,
  type WorklistItemParameters,
} from 'modality-link-protocol';
import type { InboxStore } from './inbox-store';
import { removeTestItem } from './remove-test-item';
import { testWorklistItem } from './test-item';
import type { WorklistPort } from './worklist-port';

export interface PendingAction {
  action: ActionEnvelope;
  profile: string;
  /** The enrolled workstation whose session sent it; events about it go back there first. */
  workstationId: string | undefined;
}

export interface ApplierDeps {
  inbox: InboxStore;
  worklist: WorklistPort;
  /** The allow-list: only these destinations may be named by `message.deliver`. */
  isAllowed(destination: string): boolean;
}

const errorReply = (action: ActionEnvelope, code: string, message: string, retryable: boolean): Reply => ({
  status: 'error',
  action_id: action.action_id,
  code,
  message,
  retryable,
});

/**
 * Applies one stateful action inside the caller's transaction and returns its reply. A known action id
 * gets its first reply again (a created item answers `exists`), so a resend after a lost ack has no
 * second effect. Refusals are not stored: nothing was committed, and a corrected resend may succeed.
 */
export function createActionApplier(deps: ApplierDeps): (pending: PendingAction) => Reply {
  const { inbox, worklist } = deps;
  return ({ action, profile, workstationId }) => {
    const previous = inbox.storedReply(action.action_id);
    if (previous)
      return previous.status === 'created' ? { status: 'exists', action_id: action.action_id } : previous;

    const store = (
      reply: Reply,
      delivery?: { destination: string; parameters: Record<string, unknown> },
    ): Reply => {
      inbox.insert({
        actionId: action.action_id,
        actionType: action.action_type,
        profile,
        workstationId,
        reply,
        ...delivery,
      });
      return reply;
    };

    switch (action.action_type) {
      case 'worklist.create_item':
      case 'worklist.create_test_item': {
        let item: WorklistItemParameters;
        if (action.action_type === 'worklist.create_item') {
          const params = safeParseParameters('worklist.create_item', action.parameters);
          if (!params.success) return invalid(action, params.error);
          item = params.data.worklist_item;
        } else {
          const params = actionParameterSchemas['worklist.create_test_item'].safeParse(action.parameters);
          if (!params.success) return invalid(action, params.error);
          const built = worklistItemSchema.safeParse(testWorklistItem(params.data.worklist_item ?? {}));
          if (!built.success) return invalid(action, built.error);
          item = built.data;
        }
        const result = worklist.createItem(inbox.database, { actionId: action.action_id, item });
        return store({ status: result.status, action_id: action.action_id });
      }
      case 'worklist.update_status': {
        const params = safeParseParameters('worklist.update_status', action.parameters);
        if (!params.success) return invalid(action, params.error);
        const { accession_number, status } = params.data.worklist_item;
        const result = worklist.updateStatus(inbox.database, accession_number, status);
        // A refused move (unknown accession, wrong state) is not stored: the create may still be on its way.
        if (result.status === 'error') return errorReply(action, 'update_refused', result.message, true);
        return store({ status: 'updated', accession_number, action_id: action.action_id });
      }
      case 'worklist.remove_test_item': {
        const params = actionParameterSchemas['worklist.remove_test_item'].safeParse(action.parameters);
        if (!params.success) return invalid(action, params.error);
        const { accession_number } = params.data.worklist_item;
        const result = removeTestItem(inbox.database, accession_number);
        if (result.status === 'error') return errorReply(action, result.code, result.message, false);
        return store({ status: 'removed', accession_number, action_id: action.action_id });
      }
      case 'message.deliver': {
        const params = safeParseParameters('message.deliver', action.parameters);
        if (!params.success) return invalid(action, params.error);
        const destination = params.data.destination;
        if (!deps.isAllowed(destination)) {
          return errorReply(
            action,
            'not_allowed',
            `Destination "${destination}" is not on this gateway's allow-list.`,
            false,
          );
        }
        return store(
          { status: 'accepted', action_id: action.action_id },
          { destination, parameters: params.data },
        );
      }
      default:
        // echo and health never reach the inbox (see action-service); anything else is a programming error.
        return errorReply(action, 'unsupported', `Unsupported action: ${action.action_type}`, false);
    }
  };
}

function invalid(
  action: ActionEnvelope,
  error: { issues: Array<{ path: PropertyKey[]; message: string }> },
): Reply {
  // Name the field and the rule, never the value: the value may be patient data.
  const detail = error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(parameters)'}: ${i.message}`)
    .join('; ');
  return errorReply(
    action,
    'invalid_parameters',
    `Invalid parameters for ${action.action_type}: ${detail}`,
    false,
  );
}
